package io.sopflow.notification;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** Sender address and the public URL that links in mails point to. */
@Validated
@ConfigurationProperties("sopflow.mail")
public record MailProperties(@NotBlank String from) {}
