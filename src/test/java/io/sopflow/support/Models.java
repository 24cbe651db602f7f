package io.sopflow.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** The model files of {@code processes/} and {@code forms/}, read as the process owner's tools see them. */
public final class Models {

  public static final Path PROCESSES = Path.of("processes");
  public static final Path FORMS = Path.of("forms");
  public static final String BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL";
  public static final String CAMUNDA_NS = "http://camunda.org/schema/1.0/bpmn";

  private Models() {}

  public static List<Path> files(Path dir, String suffix) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Document parse(Path file) {
    try {
      var factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      return factory.newDocumentBuilder().parse(file.toFile());
    } catch (Exception e) {
      throw new IllegalStateException("Cannot parse " + file + ": " + e.getMessage(), e);
    }
  }

  public static List<Element> elements(Document document, String namespace, String localName) {
    return io.sopflow.platform.ModelConventions.elements(document, namespace, localName);
  }


  /** Bean names that expressions in delegate expressions and listeners of all BPMN files start with. */
  public static Set<String> delegateBeans() {
    Set<String> beans = new LinkedHashSet<>();
    for (Path file : files(PROCESSES, ".bpmn")) {
      beans.addAll(io.sopflow.platform.ModelConventions.delegateBeans(parse(file)));
    }
    // the beans the element templates bind, so a template never offers a block that reaches no code
    for (var template : ElementTemplates.byId().values()) {
      for (var property : template.path("properties")) {
        if ("camunda:delegateExpression".equals(property.path("binding").path("name").asText())) {
          io.sopflow.platform.ModelConventions.addRoot(beans, property.path("value").asText());
        }
      }
    }
    return beans;
  }
}
