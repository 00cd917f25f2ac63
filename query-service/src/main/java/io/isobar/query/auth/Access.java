package io.isobar.query.auth;

import io.javalin.security.RouteRole;

/**
 * Who may call a route: anyone ({@link #PUBLIC}) or holders of a valid API key ({@link #API_KEY}, the default; its
 * requests go through admission control), or holders of a valid key on a long-lived stream ({@link #STREAM}: held
 * open for minutes, so not counted as work in progress; streams have caps of their own).
 */
public enum Access implements RouteRole {
    PUBLIC,
    API_KEY,
    STREAM
}
