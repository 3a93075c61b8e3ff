package dev.pifleet.auth.account;

import dev.pifleet.service.ClientAddresses;
import dev.pifleet.auth.password.PasswordResets;
import dev.pifleet.auth.password.ResetThrottle;
import dev.pifleet.auth.verify.EmailVerifications;
import dev.pifleet.auth.session.Callers;
import dev.pifleet.auth.session.SessionService;
import dev.pifleet.auth.session.SessionUser;
import io.smallrye.common.annotation.RunOnVirtualThread;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/auth")
@Tag(name = "auth")
@Produces(MediaType.APPLICATION_JSON)
public class AuthResource {

    private final AccountService accounts;
    private final SessionService sessions;
    private final Callers callers;
    private final PasswordResets resets;
    private final EmailVerifications verifications;
    private final ResetThrottle mailLimit;
    private final ClientAddresses clientAddresses;

    AuthResource(AccountService accounts, SessionService sessions, Callers callers, PasswordResets resets,
            EmailVerifications verifications, ResetThrottle mailLimit, ClientAddresses clientAddresses) {
        this.verifications = verifications;
        this.mailLimit = mailLimit;
        this.accounts = accounts;
        this.sessions = sessions;
        this.callers = callers;
        this.resets = resets;
        this.clientAddresses = clientAddresses;
    }

    @POST
    @Path("/signup")
    @Consumes(MediaType.APPLICATION_JSON)
    @RunOnVirtualThread
    @Operation(summary = "Create an account; 201 with a session token, 409 email_taken")
    public Response signUp(@Valid @NotNull SignupRequest body) {
        return Response.status(Response.Status.CREATED).entity(accounts.signUp(body.email(), body.password())).build();
    }

    @POST
    @Path("/login")
    @Consumes(MediaType.APPLICATION_JSON)
    @RunOnVirtualThread
    @Operation(summary = "Log in; 401 invalid_credentials, 429 after repeated failures")
    public SessionAnswer logIn(@Valid @NotNull LoginRequest body, @Context HttpServerRequest request) {
        return accounts.logIn(body.email(), body.password(), clientAddresses.of(request));
    }

    @POST
    @Path("/logout")
    @RunOnVirtualThread
    @Operation(summary = "End the caller's session; the token is refused afterwards")
    public SuccessAnswer logOut(@Context HttpHeaders headers) {
        sessions.end(callers.requireSession(headers).token());
        return SuccessAnswer.OK;
    }

    @POST
    @Path("/password")
    @Consumes(MediaType.APPLICATION_JSON)
    @RunOnVirtualThread
    @Operation(summary = "Change the password {currentPassword, newPassword}; every session ends, the answer holds a new "
            + "one; 403 wrong_password, 403 session_required for an API token")
    public SessionAnswer changePassword(@Valid @NotNull PasswordChange body, @Context HttpHeaders headers,
            @Context HttpServerRequest request) {
        SessionUser caller = callers.requireSession(headers).user();
        return accounts.changePassword(caller, body.currentPassword(), body.newPassword(), clientAddresses.of(request));
    }

    @POST
    @Path("/password-reset")
    @Consumes(MediaType.APPLICATION_JSON)
    @RunOnVirtualThread
    @Operation(summary = "Mail a reset link if the email has an account; the same 200 for every email, 429 when this "
            + "address asked too often")
    public SuccessAnswer requestPasswordReset(@Valid @NotNull PasswordResetRequest body,
            @Context HttpServerRequest request) {
        resets.request(AccountService.normalize(body.email()), clientAddresses.of(request));
        return SuccessAnswer.OK;
    }

    @POST
    @Path("/password-reset/confirm")
    @Consumes(MediaType.APPLICATION_JSON)
    @RunOnVirtualThread
    @Operation(summary = "Set a new password with the mailed link's token; every session ends. 400 invalid_link "
            + "for an unknown, expired or used token")
    public SuccessAnswer confirmPasswordReset(@Valid @NotNull PasswordResetConfirm body) {
        resets.confirm(body.token(), body.password());
        return SuccessAnswer.OK;
    }

    @POST
    @Path("/verify-email")
    @Consumes(MediaType.APPLICATION_JSON)
    @RunOnVirtualThread
    @Operation(summary = "Confirm the account's email with the mailed link's token; 400 invalid_link")
    public SuccessAnswer verifyEmail(@Valid @NotNull VerifyEmailRequest body) {
        verifications.confirm(body.token());
        return SuccessAnswer.OK;
    }

    @POST
    @Path("/verify-email/resend")
    @RunOnVirtualThread
    @Operation(summary = "Mail a new verification link to the caller's address (limited per address like reset mails)")
    public SuccessAnswer resendVerification(@Context HttpHeaders headers) {
        SessionUser user = callers.requireSession(headers).user();
        if (mailLimit.takeMail("verify:" + user.email())) {
            verifications.send(user.userId(), user.email());
        }
        return SuccessAnswer.OK;
    }

    @DELETE
    @Path("/me")
    @Consumes(MediaType.APPLICATION_JSON)
    @RunOnVirtualThread
    @Operation(summary = "Delete the caller's account {password}: every session ends; devices (keys revoked), readings, "
            + "rules, alerts, tokens and shares are deleted. 403 wrong_password, 403 session_required for an API token")
    public SuccessAnswer deleteAccount(@Valid @NotNull AccountDeletionRequest body, @Context HttpHeaders headers,
            @Context HttpServerRequest request) {
        accounts.deleteAccount(callers.requireSession(headers).user(), body.password(), clientAddresses.of(request));
        return SuccessAnswer.OK;
    }

    @GET
    @Path("/me")
    @RunOnVirtualThread
    @Operation(summary = "The caller's user (by session or API token)")
    public UserAnswer me(@Context HttpHeaders headers) {
        SessionUser user = callers.any(headers);
        return new UserAnswer(true, user.userId(), user.email(), verifications.isVerified(user.userId()));
    }
}
