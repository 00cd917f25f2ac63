package io.isobar.query.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.isobar.json.Json;

/**
 * Jetty's own error responses (requests it rejects before they reach the app: an ambiguous or malformed URI,
 * headers too large) as {@code application/problem+json}, like every other error of the API, without any
 * server detail. A request line over Jetty's limit is the same 414 as a URL over {@link Limits}.
 */
public final class JettyProblemHandler extends ErrorHandler {

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
            Callback callback) {
        int status = code >= 400 && code <= 599 ? code : 500;
        Problem problem = switch (status) {
            // A request line longer than Limits.HEADER_BYTES: the same problem as a URL over the service's own limits.
            case 414 -> {
                ApiProblem p = Limits.uriTooLong("The request line is longer than " + Limits.HEADER_BYTES + " bytes");
                yield new Problem(Problem.typeUri(p.type()), p.title(), status, p.detail(), null, null);
            }
            case 431 -> new Problem(Problem.typeUri("headers-too-large"), "Request headers too large", status,
                    "The request's headers are larger than " + Limits.HEADER_BYTES + " bytes in all", null, null);
            default -> status < 500
                    ? new Problem(Problem.typeUri("invalid-parameter"), "Bad request", status,
                            "The HTTP request was rejected before it reached the API (malformed or ambiguous URI)", null, null)
                    : new Problem(Problem.typeUri("internal-error"), "Internal server error", status,
                            "The server failed to process the request", null, null);
        };
        byte[] body;
        try {
            body = Json.mapper().writeValueAsBytes(problem);
        } catch (JsonProcessingException e) {
            body = ("{\"status\":" + status + "}").getBytes(StandardCharsets.UTF_8);
        }
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problem.CONTENT_TYPE);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
