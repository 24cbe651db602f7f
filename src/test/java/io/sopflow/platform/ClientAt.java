package io.sopflow.platform;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A plain HTTP/1.1 client whose connections come from a chosen loopback address (127.0.0.2, 127.0.0.3, ...), so that a
 * test can be several clients as the server sees them (its {@code remoteAddr}) without trusting any forwarding
 * header. Keeps the cookies it is given, like a browser.
 */
final class ClientAt {

  /** One answer. */
  record Answer(int status, Map<String, String> headers, String body) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  private final String localAddress;
  private final int port;
  private final Map<String, String> cookies = new LinkedHashMap<>();

  ClientAt(String localAddress, int port) {
    this.localAddress = localAddress;
    this.port = port;
  }

  String cookie(String name) {
    return cookies.get(name);
  }

  /** Signs in to Tasklist as its page does, or throws: see {@link #signIn}. */
  static ClientAt signedInToTasklist(int port, String user, String password) throws IOException {
    ClientAt browser = new ClientAt("127.0.0.1", port);
    Answer login = browser.signIn(user, password);
    if (login.status() != 200) {
      throw new IllegalStateException("Tasklist sign-in answered " + login.status() + ": " + login.body());
    }
    // The session changes at sign-in; the next page view hands out the token that belongs to it.
    browser.get("/camunda/app/tasklist/default/");
    return browser;
  }

  /** Tasklist's sign-in as the browser sends it: session and CSRF token from a page first, then the form. */
  Answer signIn(String user, String password) throws IOException {
    if (cookie("XSRF-TOKEN") == null) {
      Answer page = get("/camunda/app/tasklist/default/");
      if (page.status() != 200) {
        throw new IllegalStateException("Tasklist page answered " + page.status() + ": " + page.body());
      }
    }
    String origin = "http://127.0.0.1:" + port;
    return post("/camunda/api/admin/auth/user/default/login/tasklist", "application/x-www-form-urlencoded",
        "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password="
            + URLEncoder.encode(password, StandardCharsets.UTF_8),
        "X-XSRF-TOKEN", cookie("XSRF-TOKEN"), "Origin", origin, "Referer", origin + "/camunda/app/tasklist/default/",
        "Accept", "application/json");
  }

  static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  Answer get(String path, String... headers) throws IOException {
    return send("GET", path, null, null, headers);
  }

  Answer post(String path, String contentType, String body, String... headers) throws IOException {
    return send("POST", path, contentType, body, headers);
  }

  /** {@code headers} as name, value, name, value, ... */
  Answer send(String method, String path, String contentType, String body, String... headers) throws IOException {
    byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    StringBuilder request = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n")
        .append("Host: 127.0.0.1:").append(port).append("\r\nConnection: close\r\n");
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
    }
    if (!cookies.isEmpty()) {
      List<String> pairs = new ArrayList<>();
      cookies.forEach((name, value) -> pairs.add(name + "=" + value));
      request.append("Cookie: ").append(String.join("; ", pairs)).append("\r\n");
    }
    if (body != null) {
      request.append("Content-Type: ").append(contentType).append("\r\nContent-Length: ").append(content.length)
          .append("\r\n");
    }
    request.append("\r\n");
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress(localAddress, 0));
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.write(content);
      out.flush();
      return read(socket.getInputStream());
    }
  }

  private Answer read(InputStream in) throws IOException {
    byte[] all = in.readAllBytes();
    String raw = new String(all, StandardCharsets.ISO_8859_1);
    int end = raw.indexOf("\r\n\r\n");
    String[] lines = raw.substring(0, end).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = lines[i].substring(colon + 1).trim();
      if (name.equals("set-cookie")) {
        String pair = value.split(";", 2)[0];
        int eq = pair.indexOf('=');
        cookies.put(pair.substring(0, eq), pair.substring(eq + 1));
      }
      headers.merge(name, value, (a, b) -> a + ", " + b);
    }
    byte[] body = java.util.Arrays.copyOfRange(all, end + 4, all.length);
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = unchunk(body);
    }
    return new Answer(status, headers, new String(body, StandardCharsets.UTF_8));
  }

  private static byte[] unchunk(byte[] chunked) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int at = 0;
    while (at < chunked.length) {
      int lineEnd = at;
      while (lineEnd + 1 < chunked.length && !(chunked[lineEnd] == '\r' && chunked[lineEnd + 1] == '\n')) {
        lineEnd++;
      }
      String sizeLine = new String(chunked, at, lineEnd - at, StandardCharsets.ISO_8859_1).split(";")[0].trim();
      int size = sizeLine.isEmpty() ? 0 : Integer.parseInt(sizeLine, 16);
      if (size == 0) {
        break;
      }
      out.write(chunked, lineEnd + 2, size);
      at = lineEnd + 2 + size + 2;
    }
    return out.toByteArray();
  }
}
