package io.sopflow.report.process;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sopflow.report.SlaReportService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.cockpit.Cockpit;
import org.camunda.bpm.cockpit.plugin.resource.AbstractCockpitPluginRootResource;
import org.camunda.bpm.cockpit.plugin.spi.CockpitPlugin;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.webapp.impl.security.auth.Authentications;
import org.camunda.bpm.webapp.impl.security.auth.UserAuthentication;
import org.springframework.context.ApplicationContext;
import org.springframework.web.context.support.WebApplicationContextUtils;

/**
 * The plugin's JAX-RS root ({@code /camunda/api/cockpit/plugin/sopflow-sla/...}): its static assets, the chart
 * library (uPlot, bundled as a webjar: served from here, so it passes the webapps' Content-Security-Policy as
 * {@code 'self'}), and {@code {engine}/dashboard}. The figures are read as the signed-in Cockpit user: the report
 * service lets managers, incident managers and admins read them and refuses everyone else (403).
 */
@Path("plugin/" + SlaCockpitPlugin.ID)
public class SlaCockpitResource extends AbstractCockpitPluginRootResource {

  static final String CHART_LIBRARY = "app/vendor/uPlot.esm.js";
  static final String CHART_STYLES = "app/vendor/uPlot.min.css";
  private static final String WEBJAR = "META-INF/resources/webjars/uplot/1.6.30/dist/";

  public SlaCockpitResource() {
    super(SlaCockpitPlugin.ID);
  }

  @Override
  protected List<String> getAllowedAssets() {
    List<String> assets = new ArrayList<>(super.getAllowedAssets());
    assets.add(CHART_LIBRARY);
    assets.add(CHART_STYLES);
    return assets;
  }

  @Override
  protected InputStream getPluginAssetAsStream(org.camunda.bpm.webapp.plugin.spi.AppPlugin plugin, String file) {
    if (CHART_LIBRARY.equals(file) || CHART_STYLES.equals(file)) {
      return getClass().getClassLoader().getResourceAsStream(WEBJAR + file.substring("app/vendor/".length()));
    }
    return super.getPluginAssetAsStream(plugin, file);
  }

  @GET
  @Path("{engine}/dashboard")
  @Produces(MediaType.APPLICATION_JSON)
  public Response dashboard(@PathParam("engine") String engineName) throws JsonProcessingException {
    ApplicationContext spring = WebApplicationContextUtils.getRequiredWebApplicationContext(servletContext);
    ProcessEngine engine = Cockpit.getProcessEngine(engineName);
    if (engine == null) {
      return Response.status(Response.Status.NOT_FOUND).build();
    }
    Authentications session = Authentications.getCurrent();
    if (session == null || !(session.getAuthenticationForProcessEngine(engine.getName())
        instanceof UserAuthentication user)) {
      throw new NotAuthorizedException("Sign in to Cockpit");
    }
    IdentityService identity = engine.getIdentityService();
    identity.setAuthentication(user.getIdentityId(), new ArrayList<>(user.getGroupIds()));
    try {
      Object dashboard = spring.getBean(SlaReportService.class).dashboard();
      return Response.ok(spring.getBean(ObjectMapper.class).writeValueAsString(dashboard),
          MediaType.APPLICATION_JSON_TYPE).build();
    } finally {
      identity.clearAuthentication();
    }
  }
}
