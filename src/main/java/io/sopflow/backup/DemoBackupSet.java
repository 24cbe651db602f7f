package io.sopflow.backup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The demo profile's backup set: a few files and their {@code sha256sum} manifest under
 * {@code sopflow.demo.backup-folder}, written afresh at every start as a nightly backup job would, so that the demo's
 * {@code demo-share} set (restored with {@code cp -a}) has something real to verify. Never active outside the demo.
 */
@Component
@ConditionalOnProperty(name = "sopflow.demo.backup-folder")
class DemoBackupSet implements InitializingBean {

  private final Path folder;

  DemoBackupSet(@Value("${sopflow.demo.backup-folder}") Path folder) {
    this.folder = folder;
  }

  @Override
  public void afterPropertiesSet() throws IOException {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("finance/ledger-2026-11.csv", "date;account;amount\n2026-11-30;4400;1250.00\n2026-11-30;1200;-1250.00\n");
    files.put("finance/budget-2027.txt", "Budget 2027 draft: IT operations 1.2 M, projects 0.8 M\n");
    files.put("hr/policies/remote-work.md", "# Remote work\nUp to three days a week, agreed with the line manager.\n");
    StringBuilder manifest = new StringBuilder();
    for (Map.Entry<String, String> file : files.entrySet()) {
      Path path = folder.resolve(file.getKey());
      Files.createDirectories(path.getParent());
      byte[] content = file.getValue().getBytes(StandardCharsets.UTF_8);
      Files.write(path, content);
      manifest.append(sha256(content)).append("  ").append(file.getKey()).append('\n');
    }
    Files.writeString(folder.resolve(BackupProperties.DEFAULT_MANIFEST), manifest);
  }

  private static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
