package io.isobar.query.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class ClientAddressTest {

    private final ClientAddress behindAlb = new ClientAddress(List.of("10.0.0.0/16", "fd00:ec2::/32"));

    @Test
    void fromATrustedProxyTheRightMostForwardedEntryIsTheClient() {
        assertThat(behindAlb.resolve("10.0.3.7", List.of("203.0.113.9"))).isEqualTo("203.0.113.9");
        // Whatever the client wrote itself sits to the left of what the load balancer appended.
        assertThat(behindAlb.resolve("10.0.3.7", List.of("198.51.100.1, 192.0.2.44,203.0.113.9"))).isEqualTo("203.0.113.9");
        assertThat(behindAlb.resolve("10.0.3.7", List.of("198.51.100.1", "203.0.113.9"))).isEqualTo("203.0.113.9");
        assertThat(behindAlb.resolve("fd00:ec2::12", List.of("2001:db8::1"))).isEqualTo("2001:db8:0:0:0:0:0:1");
    }

    @Test
    void fromAnyOtherPeerTheHeaderIsIgnored() {
        assertThat(behindAlb.resolve("198.51.100.20", List.of("203.0.113.9"))).isEqualTo("198.51.100.20");
        assertThat(behindAlb.resolve("10.1.0.1", List.of("203.0.113.9"))).as("just outside 10.0.0.0/16").isEqualTo("10.1.0.1");
        assertThat(ClientAddress.socketPeer().resolve("10.0.3.7", List.of("203.0.113.9"))).isEqualTo("10.0.3.7");
    }

    @Test
    void aRightMostEntryThatIsNoAddressCountsAsAbsent() {
        for (String junk : new String[] {"", " ", "unknown", "example.org", "deadbeef", "203.0.113", "203.0.113.256",
            "1.2.3.4:80", "fe80::1%eth0", "203.0.113.9, "}) {
            assertThat(behindAlb.resolve("10.0.3.7", List.of(junk))).as("'%s'", junk).isEqualTo("10.0.3.7");
        }
        assertThat(behindAlb.resolve("10.0.3.7", List.of())).isEqualTo("10.0.3.7");
    }

    @Test
    void aTrustedProxyMustBeACidr() {
        for (String bad : new String[] {"10.0.0.0", "10.0.0.0/33", "example.org/8", "10.0.0.1-10.0.0.9", "::/129"}) {
            assertThatThrownBy(() -> new ClientAddress(List.of(bad))).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(bad);
        }
    }
}
