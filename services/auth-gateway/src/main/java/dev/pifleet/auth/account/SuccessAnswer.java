package dev.pifleet.auth.account;

public record SuccessAnswer(boolean success) {

    static final SuccessAnswer OK = new SuccessAnswer(true);
}
