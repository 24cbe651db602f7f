package io.sopflow.securityincident;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/** An asset (host, service, device) named in a security incident, whether it is critical, and what was done to it. */
@Embeddable
public class AffectedAsset {

  @Column(name = "asset", nullable = false, length = 100)
  private String asset;

  @Column(name = "asset_critical", nullable = false)
  private boolean critical;

  @Column(name = "containment_action", length = 2000)
  private String action;

  protected AffectedAsset() {}

  AffectedAsset(String asset, boolean critical) {
    this.asset = asset;
    this.critical = critical;
  }

  void recordAction(String text) {
    this.action = text;
  }

  public String getAsset() { return asset; }
  public boolean isCritical() { return critical; }
  public String getAction() { return action; }
}
