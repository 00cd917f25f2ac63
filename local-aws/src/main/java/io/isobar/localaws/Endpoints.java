package io.isobar.localaws;

import java.net.URI;

/** Builds the {@code http://host:port} endpoint URIs the emulators listen on. */
final class Endpoints {

    private Endpoints() {
    }

    static URI http(String host, int port) {
        // An IPv6 literal needs brackets inside a URI.
        String authorityHost = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return URI.create("http://" + authorityHost + ":" + port);
    }
}
