package io.isobar.query.http;

import java.lang.reflect.Type;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.isobar.json.Json;
import io.javalin.json.JsonMapper;

/** Lets Javalin serialise with Isobar's JSON conventions ({@link Json}) instead of its own defaults. */
public final class JacksonJsonMapper implements JsonMapper {

    @Override
    public String toJsonString(Object obj, Type type) {
        try {
            return Json.mapper().writeValueAsString(obj);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise a " + obj.getClass().getSimpleName(), e);
        }
    }

    @Override
    public <T> T fromJsonString(String json, Type targetType) {
        try {
            return Json.mapper().readValue(json, Json.mapper().constructType(targetType));
        } catch (JsonProcessingException e) {
            throw ApiProblem.invalidParameter("The request body is not valid JSON" + at(e)).withLog("JSON parser: " + e.getOriginalMessage());
        }
    }

    /** Where the parser stopped, in the API's words. */
    static String at(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }
}
