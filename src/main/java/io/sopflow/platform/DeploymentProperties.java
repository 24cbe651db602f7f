package io.sopflow.platform;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** Which model files the application deploys at start-up, and under which deployment name. */
@Validated
@ConfigurationProperties("sopflow.deployment")
public record DeploymentProperties(@NotBlank String name, @NotEmpty List<String> resources) {}
