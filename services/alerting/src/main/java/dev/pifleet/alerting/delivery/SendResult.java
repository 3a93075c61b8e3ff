package dev.pifleet.alerting.delivery;

/** How one attempt went: sent, worth retrying (timeouts, 5xx, 429, connection failures), or hopeless. */
record SendResult(Outcome outcome, String detail) {

    enum Outcome { SENT, RETRY, GIVE_UP }

    static SendResult sent() {
        return new SendResult(Outcome.SENT, null);
    }

    static SendResult retry(String detail) {
        return new SendResult(Outcome.RETRY, detail);
    }

    static SendResult giveUp(String detail) {
        return new SendResult(Outcome.GIVE_UP, detail);
    }
}
