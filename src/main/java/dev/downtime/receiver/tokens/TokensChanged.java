package dev.downtime.receiver.tokens;

/** A token was issued or revoked through this instance: the tokens in memory are reloaded once it commits. */
record TokensChanged() {}
