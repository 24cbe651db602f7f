package io.sopflow.platform.security;

import java.time.Duration;
import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * HTTP Basic for {@code /api} and {@code /engine-rest} against Camunda's identity store: one set of users, groups and
 * passwords (hashed by the engine) for the webapps and both APIs. Group memberships become {@code GROUP_<id>}
 * authorities. Wrong passwords slow their client down for that account ({@link LoginThrottle}), answered 429.
 */
@Component
class IdentityStoreAuthenticationProvider implements AuthenticationProvider {

  static final String GROUP_PREFIX = "GROUP_";

  private final IdentityService identityService;
  private final LoginThrottle throttle;
  private final TransactionTemplate oneTransaction;

  IdentityStoreAuthenticationProvider(IdentityService identityService, LoginThrottle throttle,
      PlatformTransactionManager transactionManager) {
    this.identityService = identityService;
    this.throttle = throttle;
    this.oneTransaction = new TransactionTemplate(transactionManager);
  }

  @Override
  public Authentication authenticate(Authentication authentication) {
    String userId = authentication.getName();
    Object credentials = authentication.getCredentials();
    // The socket's address, or the client's as a trusted proxy reports it (server.forward-headers-strategy).
    String client = authentication.getDetails() instanceof WebAuthenticationDetails details
        ? details.getRemoteAddress() : null;
    Duration wait = throttle.retryAfter(client, userId);
    if (!wait.isZero()) {
      throw new LoginThrottledException(wait);
    }
    if (userId == null || userId.isBlank() || credentials == null) {
      throw failed(client, userId);
    }
    List<SimpleGrantedAuthority> authorities = groupsIfPasswordMatches(userId, credentials.toString());
    if (authorities == null) {
      throw failed(client, userId);
    }
    throttle.succeeded(client, userId);
    return UsernamePasswordAuthenticationToken.authenticated(userId, null, authorities);
  }

  /**
   * The caller's groups as authorities, or null if the password does not match. Both reads are checked against the
   * identity store on every request, as before, but in one transaction: each engine call made a transaction of its own
   * (a commit and two {@code SET autocommit} round trips each), on every request of both APIs. Not read-only: a wrong
   * password makes the engine count the failed attempt on the user's row, which commits (no exception in here).
   */
  private List<SimpleGrantedAuthority> groupsIfPasswordMatches(String userId, String password) {
    return oneTransaction.execute(status -> identityService.checkPassword(userId, password)
        ? identityService.createGroupQuery().groupMember(userId).list().stream()
            .map(group -> new SimpleGrantedAuthority(GROUP_PREFIX + group.getId()))
            .toList()
        : null);
  }

  private BadCredentialsException failed(String client, String userId) {
    throttle.failed(client, userId);
    return new BadCredentialsException("Bad credentials");
  }

  @Override
  public boolean supports(Class<?> authentication) {
    return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
  }
}
