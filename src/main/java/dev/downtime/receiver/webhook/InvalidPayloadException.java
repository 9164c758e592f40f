package dev.downtime.receiver.webhook;

/** A webhook body we cannot accept; its message is the short plain-text reason sent back. */
class InvalidPayloadException extends RuntimeException {

    InvalidPayloadException(String message) {
        super(message, null, false, false);
    }
}
