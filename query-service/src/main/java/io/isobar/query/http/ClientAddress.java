package io.isobar.query.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

import org.eclipse.jetty.util.InetAddressSet;

import io.javalin.http.Context;

/**
 * The address of the client behind a request, for limits kept per client (the failed-key budget): the socket's peer,
 * unless that peer is one of our own proxies (the load balancer, within the configured CIDRs), in which case the
 * right-most {@code X-Forwarded-For} entry, the one the load balancer itself appended.
 *
 * <p>Only the right-most entry is ever used: everything left of it was sent by the client and can say anything. A
 * header from a peer outside the trusted CIDRs is ignored entirely, so a client reaching the service directly cannot
 * pose as another by sending one. An entry that is not an IP address literal (never looked up in DNS) counts as
 * absent. With no trusted CIDRs (the default, and the local stack) the socket's peer is the client.
 */
public final class ClientAddress {

    public static final String FORWARDED_FOR = "X-Forwarded-For";

    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
    private static final Pattern CIDR = Pattern.compile("[0-9A-Fa-f:.]+/\\d{1,3}");

    private final List<String> trustedCidrs;
    private final InetAddressSet trusted = new InetAddressSet();

    /**
     * @param trustedProxyCidrs the CIDRs our load balancer's nodes connect from (the VPC's), e.g. {@code 10.0.0.0/16};
     *     empty: trust no proxy
     * @throws IllegalArgumentException naming an entry that is not a CIDR
     */
    public ClientAddress(List<String> trustedProxyCidrs) {
        this.trustedCidrs = List.copyOf(trustedProxyCidrs);
        for (String cidr : trustedCidrs) {
            String c = cidr.strip();
            String[] parts = c.split("/");
            if (!CIDR.matcher(c).matches() || literal(parts[0]) == null
                    || Integer.parseInt(parts[1]) > (parts[0].contains(":") ? 128 : 32)) {
                throw new IllegalArgumentException("A trusted proxy must be a CIDR such as 10.0.0.0/16 or fd00::/8, not '" + cidr + "'");
            }
            trusted.add(c);
        }
    }

    /** Trusts no proxy: the socket's peer is the client. */
    public static ClientAddress socketPeer() {
        return new ClientAddress(List.of());
    }

    /** The trusted proxy CIDRs, as configured. */
    public List<String> trustedCidrs() {
        return trustedCidrs;
    }

    /** The client's address (textual) for this request. */
    public String of(Context ctx) {
        String peer = ctx.req().getRemoteAddr();
        return trustedCidrs.isEmpty() ? peer : resolve(peer, Collections.list(ctx.req().getHeaders(FORWARDED_FOR)));
    }

    /**
     * The client's address given the socket's {@code peer} and the request's {@code X-Forwarded-For} header lines in
     * order: the last entry of the last line if the peer is a trusted proxy and that entry an IP address (normalised),
     * else the peer.
     */
    public String resolve(String peer, List<String> forwardedFor) {
        InetAddress peerAddress = literal(peer);
        if (peerAddress == null || !trusted.test(peerAddress) || forwardedFor.isEmpty()) {
            return peer;
        }
        String last = forwardedFor.get(forwardedFor.size() - 1);
        InetAddress client = literal(last.substring(last.lastIndexOf(',') + 1).strip());
        return client == null ? peer : client.getHostAddress();
    }

    /**
     * An IP address literal as an address, else null. Only strings shaped like literals reach {@link InetAddress}, which
     * for them parses and never asks DNS (a name there would cost a lookup per request).
     */
    static InetAddress literal(String s) {
        if (s == null || s.isEmpty()) {
            return null;
        }
        String text = s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
        boolean v4 = IPV4.matcher(text).matches();
        if (!v4 && !(text.indexOf(':') >= 0 && IPV6.matcher(text).matches())) {
            return null;
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
