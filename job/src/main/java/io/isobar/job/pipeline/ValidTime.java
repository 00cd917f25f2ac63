package io.isobar.job.pipeline;

/** A (model, validity time) that has at least one indexed file; {@code time} is ISO-8601 UTC. */
public record ValidTime(String model, String time) {}
