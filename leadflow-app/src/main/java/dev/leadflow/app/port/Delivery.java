package dev.leadflow.app.port;

/** A webhook notice to send to one subscription, added to the outbox with the change it tells of. */
public record Delivery(String id, String webhook, String notice, String leadId, String body, long createdAt) {}
