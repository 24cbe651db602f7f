package io.sopflow.sop;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * SOP governance. {@code auto-approve-startup-deployments}: a changed model of {@code processes/} found at start-up is
 * in force at once instead of waiting for its review; for development only (default false: every change is reviewed).
 */
@ConfigurationProperties("sopflow.sops")
public record SopProperties(boolean autoApproveStartupDeployments) {}
