package io.sopflow.securityincident;

/**
 * Severity = category x personal data involved x number and criticality of the affected assets. The table is the DMN
 * decision {@code SecuritySeverity} that process owners edit in Modeler; the implementation (in
 * {@code securityincident.process}) evaluates the deployed version.
 */
public interface SeverityTable {

  Severity severityOf(SecurityCategory category, boolean personalDataInvolved, int affectedAssets,
      boolean criticalAssetAffected);
}
