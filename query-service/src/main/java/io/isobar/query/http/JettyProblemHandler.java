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
 * server detail.
 */
public final class JettyProblemHandler extends ErrorHandler {

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
            Callback callback) {
        int status = code >= 400 && code <= 599 ? code : 500;
        String detail = status < 500
                ? "The HTTP request was rejected before it reached the API (malformed or ambiguous URI, or oversized headers)"
                : "The server failed to process the request";
        Problem problem = new Problem(Problem.typeUri(status < 500 ? "invalid-parameter" : "internal-error"),
                status < 500 ? "Bad request" : "Internal server error", status, detail, null, null);
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
