package io.sopflow;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** SOPFlow: IT standard operating procedures as executable BPMN processes on an embedded Camunda 7 engine. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SopFlowApplication {

  public static void main(String[] args) {
    SpringApplication.run(SopFlowApplication.class, args);
  }
}
