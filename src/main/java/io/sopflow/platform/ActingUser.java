package io.sopflow.platform;

import io.sopflow.identity.CurrentUser;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * The acting user: the engine's authentication when a person works in Tasklist or {@code /engine-rest}, else the
 * Spring Security principal of an {@code /api} call. Empty for the job executor.
 */
@Component
class ActingUser implements CurrentUser {

  static final String GROUP_AUTHORITY_PREFIX = "GROUP_";

  private final IdentityService identityService;

  ActingUser(IdentityService identityService) {
    this.identityService = identityService;
  }

  @Override
  public Optional<String> id() {
    Authentication engine = identityService.getCurrentAuthentication();
    if (engine != null && engine.getUserId() != null) {
      return Optional.of(engine.getUserId());
    }
    var spring = SecurityContextHolder.getContext().getAuthentication();
    if (spring != null && spring.isAuthenticated() && !"anonymousUser".equals(spring.getName())) {
      return Optional.of(spring.getName());
    }
    return Optional.empty();
  }

  @Override
  public Set<String> groups() {
    Authentication engine = identityService.getCurrentAuthentication();
    if (engine != null && engine.getUserId() != null) {
      return engine.getGroupIds() == null ? Set.of() : Set.copyOf(engine.getGroupIds());
    }
    var spring = SecurityContextHolder.getContext().getAuthentication();
    if (spring == null) {
      return Set.of();
    }
    return spring.getAuthorities().stream().map(GrantedAuthority::getAuthority)
        .filter(a -> a.startsWith(GROUP_AUTHORITY_PREFIX))
        .map(a -> a.substring(GROUP_AUTHORITY_PREFIX.length()))
        .collect(Collectors.toUnmodifiableSet());
  }
}
