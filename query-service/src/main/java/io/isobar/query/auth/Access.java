package io.isobar.query.auth;

import io.javalin.security.RouteRole;

/** Who may call a route: anyone ({@link #PUBLIC}) or holders of a valid API key ({@link #API_KEY}, the default). */
public enum Access implements RouteRole {
    PUBLIC,
    API_KEY
}
