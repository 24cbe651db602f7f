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

  IdentityStoreAuthenticationProvider(IdentityService identityService, LoginThrottle throttle) {
    this.identityService = identityService;
    this.throttle = throttle;
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
    if (userId == null || userId.isBlank() || credentials == null
        || !identityService.checkPassword(userId, credentials.toString())) {
      throw failed(client, userId);
    }
    throttle.succeeded(client, userId);
    List<SimpleGrantedAuthority> authorities = identityService.createGroupQuery().groupMember(userId).list().stream()
        .map(group -> new SimpleGrantedAuthority(GROUP_PREFIX + group.getId()))
        .toList();
    return UsernamePasswordAuthenticationToken.authenticated(userId, null, authorities);
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
