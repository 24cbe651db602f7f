package io.sopflow.securityincident;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import org.springframework.stereotype.Component;

/**
 * Spring's request meters ({@code http_server_requests_seconds}, tagged with the URI template) are not kept for this
 * API: their counts would tell a metrics reader, or whoever reaches Prometheus, that a security incident was just
 * reported ({@code POST /api/security-incidents}), that the officers are reading one or adding evidence. The SOP's own
 * figures are left out of SOPFlow's meters for the same reason ({@code metrics.SopMetrics#meters}); this API's path is
 * known here only.
 */
@Component
class SecurityIncidentRequestMeters implements MeterFilter {

  @Override
  public MeterFilterReply accept(Meter.Id id) {
    String uri = id.getTag("uri");
    return uri != null && (uri.equals(SecurityIncidentController.PATH)
        || uri.startsWith(SecurityIncidentController.PATH + "/")) ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
  }
}
