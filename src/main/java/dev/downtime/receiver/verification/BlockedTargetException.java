package dev.downtime.receiver.verification;

/** A check the guard will not make; the message says why, without echoing anything secret. */
class BlockedTargetException extends Exception {

    BlockedTargetException(String reason) {
        super(reason, null, false, false);
    }
}
