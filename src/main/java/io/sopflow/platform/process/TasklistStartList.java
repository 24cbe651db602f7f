package io.sopflow.platform.process;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Tasklist's "Start process" offers the version in force of each SOP, never a revision waiting for review. Tasklist
 * 7.24 lists what it may start with {@code GET /camunda/api/engine/engine/default/process-definition?latest=true&
 * active=true&startableInTasklist=true&startablePermissionCheck=true&...} (and the same on {@code .../count}); this
 * filter turns {@code latest=true} of exactly those calls into {@code processDefinitionIdIn=<the versions in force>}.
 * Camunda's own resource still answers, with its filters, paging and authorization checks unchanged: the list shows
 * what the user may start, in the version that starts. Everything else passes untouched.
 */
@Configuration
class TasklistStartList {

  private static final Pattern DEFINITION_LIST =
      Pattern.compile("^/camunda/api/engine/engine/[^/]+/process-definition(/count)?$");

  @Bean
  FilterRegistrationBean<StartListFilter> tasklistStartListFilter(ObjectProvider<VersionsInForce> versionsInForce) {
    var registration = new FilterRegistrationBean<>(new StartListFilter(versionsInForce));
    registration.addUrlPatterns("/camunda/api/engine/*");
    return registration;
  }

  static final class StartListFilter extends OncePerRequestFilter {
    private final ObjectProvider<VersionsInForce> versionsInForce;

    StartListFilter(ObjectProvider<VersionsInForce> versionsInForce) {
      this.versionsInForce = versionsInForce;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
        throws ServletException, IOException {
      VersionsInForce versions = versionsInForce.getIfAvailable();
      String path = request.getRequestURI().substring(request.getContextPath().length());
      Map<String, List<String>> query = parse(request.getQueryString());
      if (versions == null || !"GET".equals(request.getMethod()) || !DEFINITION_LIST.matcher(path).matches()
          || !List.of("true").equals(query.get("latest")) || !List.of("true").equals(query.get("startableInTasklist"))
          || query.containsKey("processDefinitionIdIn")) {
        chain.doFilter(request, response);
        return;
      }
      query.remove("latest");
      query.put("processDefinitionIdIn", List.of(String.join(",", versions.definitionsToOffer())));
      chain.doFilter(new RewrittenQuery(request, query), response);
    }
  }

  static Map<String, List<String>> parse(String queryString) {
    Map<String, List<String>> query = new LinkedHashMap<>();
    if (queryString == null || queryString.isEmpty()) {
      return query;
    }
    for (String pair : queryString.split("&")) {
      int eq = pair.indexOf('=');
      String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      query.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
    }
    return query;
  }

  /** The request with another query string: JAX-RS reads query parameters from it. */
  static final class RewrittenQuery extends HttpServletRequestWrapper {
    private final Map<String, List<String>> query;
    private final String queryString;

    RewrittenQuery(HttpServletRequest request, Map<String, List<String>> query) {
      super(request);
      this.query = query;
      List<String> pairs = new ArrayList<>();
      query.forEach((name, values) -> values.forEach(value -> pairs.add(
          URLEncoder.encode(name, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8))));
      this.queryString = String.join("&", pairs);
    }

    @Override
    public String getQueryString() {
      return queryString;
    }

    @Override
    public String getParameter(String name) {
      List<String> values = query.get(name);
      return values == null || values.isEmpty() ? null : values.get(0);
    }

    @Override
    public Map<String, String[]> getParameterMap() {
      Map<String, String[]> map = new LinkedHashMap<>();
      query.forEach((name, values) -> map.put(name, values.toArray(String[]::new)));
      return Collections.unmodifiableMap(map);
    }

    @Override
    public Enumeration<String> getParameterNames() {
      return Collections.enumeration(query.keySet());
    }

    @Override
    public String[] getParameterValues(String name) {
      List<String> values = query.get(name);
      return values == null ? null : values.toArray(String[]::new);
    }
  }
}
