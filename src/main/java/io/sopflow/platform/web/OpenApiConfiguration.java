package io.sopflow.platform.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.media.ArraySchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;
import org.springdoc.core.customizers.GlobalOperationCustomizer;
import org.springdoc.core.models.GroupedOpenApi;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The OpenAPI description of {@code /api} ({@code /v3/api-docs}, Swagger UI at {@code /swagger-ui/index.html}), built
 * by springdoc from the controllers. Nothing here names an SOP: the groups are the packages {@code io.sopflow.<sop>}
 * that hold a controller (found on the class path at start-up), the error responses follow from each operation's
 * shape, and request examples are files {@code openapi/examples/<method>-<path>.json} (e.g.
 * {@code post-api-incidents.json}) that a test posts to the running application, so an example that stops being
 * accepted fails the build.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

  static final String BASE_PACKAGE = "io.sopflow";
  static final String SECURITY_SCHEME = "basicAuth";
  static final String PROBLEM = "Problem";
  static final String EXAMPLES = "openapi/examples/";
  static final String ALL = "all";

  @Bean
  OpenAPI sopFlowOpenApi() {
    return new OpenAPI()
        .info(new Info().title("SOPFlow API").version("1")
            .description("IT standard operating procedures as BPMN processes. Every endpoint takes HTTP Basic with a "
                + "user of Camunda's identity store; a record is visible to the people it concerns, the groups that "
                + "work on it, managers and admins (anyone else gets 404). Errors are RFC 9457 "
                + "application/problem+json naming the offending field; a refused request changes nothing."))
        .components(new Components()
            .addSecuritySchemes(SECURITY_SCHEME, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic"))
            .addSchemas(PROBLEM, problemSchema()))
        .addSecurityItem(new SecurityRequirement().addList(SECURITY_SCHEME));
  }

  /** Error responses, the security scheme and the request examples, for the whole description and every group. */
  @Bean
  GlobalOpenApiCustomizer sopFlowOperations(ObjectMapper objectMapper) {
    return openApi -> {
      if (openApi.getComponents() == null) {
        openApi.setComponents(new Components());
      }
      openApi.getComponents().addSchemas(PROBLEM, problemSchema());
      openApi.getComponents().addSecuritySchemes(SECURITY_SCHEME,
          new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic"));
      if (openApi.getSecurity() == null || openApi.getSecurity().isEmpty()) {
        openApi.addSecurityItem(new SecurityRequirement().addList(SECURITY_SCHEME));
      }
      if (openApi.getPaths() == null) {
        return;
      }
      openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
        addProblems(path, method, operation);
        addExample(objectMapper, path, method, operation);
      }));
    };
  }

  /** Operations are tagged with their SOP (the package below {@code io.sopflow}), as Swagger UI lists them. */
  @Bean
  GlobalOperationCustomizer sopTags() {
    return (operation, handlerMethod) -> {
      String sop = sopOf(handlerMethod.getBeanType());
      if (sop != null) {
        operation.setTags(new java.util.ArrayList<>(java.util.List.of(sop)));
      }
      return operation;
    };
  }

  /** {@code incident} for {@code io.sopflow.incident.IncidentController}; null outside {@code io.sopflow.<sop>}. */
  static String sopOf(Class<?> type) {
    String name = type.getName();
    if (!name.startsWith(BASE_PACKAGE + ".")) {
      return null;
    }
    String rest = name.substring(BASE_PACKAGE.length() + 1);
    int dot = rest.indexOf('.');
    return dot > 0 ? rest.substring(0, dot) : null;
  }

  /** The file that holds the example request of an operation, e.g. {@code openapi/examples/post-api-incidents.json}. */
  static String exampleFile(String path, PathItem.HttpMethod method) {
    String name = path.replaceAll("[{}]", "").replaceAll("^/+", "").replace('/', '-');
    return EXAMPLES + method.name().toLowerCase(Locale.ROOT) + "-" + name + ".json";
  }

  private static void addExample(ObjectMapper objectMapper, String path, PathItem.HttpMethod method,
      Operation operation) {
    if (operation.getRequestBody() == null || operation.getRequestBody().getContent() == null) {
      return;
    }
    MediaType json = operation.getRequestBody().getContent().get(org.springframework.http.MediaType.APPLICATION_JSON_VALUE);
    Resource file = new ClassPathResource(exampleFile(path, method));
    if (json == null || !file.exists()) {
      return;
    }
    try (var in = file.getInputStream()) {
      JsonNode example = objectMapper.readTree(in);
      json.setExample(objectMapper.convertValue(example, Object.class));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the OpenAPI example " + file, e);
    }
  }

  /**
   * The refusals an operation can answer, from its shape: anyone unauthenticated gets 401; input (a body or
   * parameters) can be invalid (400); a path naming a record can name one the caller may not see (404); a write can
   * be refused to the caller's groups (403), clash with the record's state (409) or be impossible for the record
   * (422).
   */
  private static void addProblems(String path, PathItem.HttpMethod method, Operation operation) {
    ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
    operation.setResponses(responses);
    boolean write = method != PathItem.HttpMethod.GET && method != PathItem.HttpMethod.HEAD;
    boolean input = operation.getRequestBody() != null
        || (operation.getParameters() != null && !operation.getParameters().isEmpty());
    Map<HttpStatus, String> problems = new TreeMap<>();
    problems.put(HttpStatus.UNAUTHORIZED, "Not signed in (HTTP Basic), or a wrong password");
    if (input) {
      problems.put(HttpStatus.BAD_REQUEST, "Invalid input; the problem names the field");
    }
    if (path.contains("{")) {
      problems.put(HttpStatus.NOT_FOUND, "No such record, or one the caller may not see");
    }
    if (write) {
      problems.put(HttpStatus.FORBIDDEN, "The caller's groups may not do this");
      problems.put(HttpStatus.CONFLICT, "The record's state does not allow this now");
      problems.put(HttpStatus.UNPROCESSABLE_ENTITY, "Understood, but not possible for this record");
    }
    problems.forEach((status, description) -> {
      String code = String.valueOf(status.value());
      if (!responses.containsKey(code)) {
        responses.addApiResponse(code, new ApiResponse().description(description)
            .content(new Content().addMediaType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM)))));
      } else if (responses.get(code).getContent() != null) {
        // springdoc documents ProblemHandler's ProblemDetail as */*; it is problem+json
        Content content = responses.get(code).getContent();
        MediaType any = content.remove("*/*");
        if (any != null) {
          content.addMediaType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE,
              new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM)));
        }
      }
    });
  }

  @SuppressWarnings("rawtypes")
  private static Schema problemSchema() {
    return new ObjectSchema().description("RFC 9457 problem details")
        .addProperty("type", new StringSchema().example("about:blank"))
        .addProperty("title", new StringSchema().example("Bad Request"))
        .addProperty("status", new IntegerSchema().example(400))
        .addProperty("detail", new StringSchema().example("impact: must not be null"))
        .addProperty("instance", new StringSchema().example("/api/incidents"))
        .addProperty("field", new StringSchema().description("the offending field, when one is").example("impact"))
        .addProperty("errors", new ArraySchema().description("every offending field, when input was invalid")
            .items(new ObjectSchema().addProperty("field", new StringSchema()).addProperty("message", new StringSchema())))
        .example(Map.of("type", "about:blank", "title", "Bad Request", "status", 400,
            "detail", "impact: must not be null", "instance", "/api/incidents", "field", "impact"));
  }

  /**
   * The whole {@code /api} as a group too. Declared as a plain bean because springdoc switches its group support on
   * only when a {@link GroupedOpenApi} bean is declared at configuration time; the per-SOP groups below are
   * registered while the bean definitions are processed.
   */
  @Bean
  GroupedOpenApi allSops() {
    return GroupedOpenApi.builder().group(ALL).displayName("all SOPs").packagesToScan(BASE_PACKAGE)
        .pathsToMatch("/api/**").build();
  }

  /** One group per package {@code io.sopflow.<sop>} that holds a REST controller. */
  @Bean
  static BeanDefinitionRegistryPostProcessor sopApiGroups() {
    return new BeanDefinitionRegistryPostProcessor() {
      @Override
      public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
        for (String sop : controllerPackages()) {
          RootBeanDefinition group = new RootBeanDefinition(GroupedOpenApi.class, () -> GroupedOpenApi.builder()
              .group(sop).displayName(sop).packagesToScan(BASE_PACKAGE + "." + sop).pathsToMatch("/api/**")
              .build());
          registry.registerBeanDefinition("openApiGroup_" + sop, group);
        }
      }

      @Override
      public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
      }
    };
  }

  /** The first package segment below {@code io.sopflow} of every {@code @RestController}, e.g. {@code incident}. */
  static TreeSet<String> controllerPackages() {
    var scanner = new ClassPathScanningCandidateComponentProvider(false);
    scanner.addIncludeFilter(new AnnotationTypeFilter(RestController.class));
    TreeSet<String> packages = new TreeSet<>();
    scanner.findCandidateComponents(BASE_PACKAGE).forEach(candidate -> {
      String rest = candidate.getBeanClassName().substring(BASE_PACKAGE.length() + 1);
      int dot = rest.indexOf('.');
      if (dot > 0) {
        packages.add(rest.substring(0, dot));
      }
    });
    return packages;
  }
}
