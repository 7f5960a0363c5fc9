// Runs a call plan through the generated Java client (library `native`) and prints one JSON result per call.
//
// Usage: java -cp <client classes + jackson> Driver PLAN.json API_CLASSES.txt
// Plan: {"baseUrl", "token", "calls": [{"id", "operationId", "pathParams": [{"name", "value"}],
// "params": {name: value}, "body"?, "bodyName"?, "headers"?}]}
// The operation is `<operationId>WithHttpInfo` on whichever generated API class has it; arguments are
// matched by the parameter names javac recorded (-parameters) and converted to the declared Java types
// by the client's own ObjectMapper. Success: the decoded model re-serialised by that mapper. Failure: the
// exception type, HTTP status and raw body.
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.net.URI;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import modelarts.client.ApiClient;
import modelarts.client.ApiException;
import modelarts.client.ApiResponse;

public class Driver {
  static final Map<String, String> callHeaders = new HashMap<>();

  /** per_page -> perPage, X-Language -> xLanguage (the Java generator's parameter names). */
  static String camel(String name) {
    StringBuilder b = new StringBuilder();
    boolean upper = false;
    for (char ch : name.toCharArray()) {
      if (ch == '_' || ch == '-' || ch == '.' || ch == ' ') {
        upper = b.length() > 0;
        continue;
      }
      b.append(upper ? Character.toUpperCase(ch) : (b.length() == 0 ? Character.toLowerCase(ch) : ch));
      upper = false;
    }
    return b.toString();
  }

  public static void main(String[] args) throws Exception {
    ObjectMapper json = new ObjectMapper();
    JsonNode plan = json.readTree(new File(args[0]));
    List<String> apiClasses = Files.readAllLines(new File(args[1]).toPath());

    URI base = URI.create(plan.get("baseUrl").asText());
    ApiClient client = new ApiClient();
    client.setScheme(base.getScheme());
    client.setHost(base.getHost());
    client.setPort(base.getPort());
    client.setBasePath(base.getRawPath() == null ? "" : base.getRawPath());
    String token = plan.hasNonNull("token") ? plan.get("token").asText() : null;
    // The native library implements no authentication: the token goes in through the request interceptor.
    client.setRequestInterceptor(builder -> {
      if (token != null) builder.header("X-Auth-Token", token);
      callHeaders.forEach(builder::header);
    });
    ObjectMapper mapper = client.getObjectMapper();

    ArrayNode results = json.createArrayNode();
    for (JsonNode call : plan.get("calls")) {
      ObjectNode r = json.createObjectNode();
      r.put("id", call.get("id").asText());
      try {
        run(client, mapper, apiClasses, call, r);
      } catch (Throwable t) {
        Throwable e = t instanceof InvocationTargetException ? t.getCause() : t;
        r.put("ok", false);
        r.put("errorType", e.getClass().getName());
        if (e instanceof ApiException) {
          ApiException ae = (ApiException) e;
          r.put("status", ae.getCode());
          if (ae.getResponseBody() != null) r.put("body", ae.getResponseBody());
          r.put("message", ae.getMessage());
        } else {
          r.putNull("status");
          StringWriter sw = new StringWriter();
          e.printStackTrace(new PrintWriter(sw));
          r.put("message", String.valueOf(e.getMessage()));
          String trace = sw.toString();
          r.put("trace", trace.length() > 2000 ? trace.substring(0, 2000) : trace);
        }
      }
      results.add(r);
    }
    ObjectNode out = json.createObjectNode();
    out.put("language", "java");
    out.set("results", results);
    System.out.print(json.writeValueAsString(out));
  }

  static void run(ApiClient client, ObjectMapper mapper, List<String> apiClasses, JsonNode call, ObjectNode r) throws Exception {
    String name = call.get("operationId").asText() + "WithHttpInfo";
    Method method = null;
    Class<?> api = null;
    for (String cls : apiClasses) {
      if (cls.isBlank()) continue;
      Class<?> c = Class.forName(cls.trim());
      for (Method m : c.getMethods()) if (m.getName().equals(name)) { method = m; api = c; }
      if (method != null) break;
    }
    if (method == null) throw new NoSuchMethodException("no generated method " + name);
    r.put("api", api.getSimpleName());

    Map<String, JsonNode> values = new LinkedHashMap<>();
    for (JsonNode p : call.path("pathParams")) values.put(camel(p.get("name").asText()), p.get("value"));
    for (Iterator<Map.Entry<String, JsonNode>> it = call.path("params").fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> e = it.next();
      values.put(camel(e.getKey()), e.getValue());
    }
    // The body parameter is named by x-codegen-request-body-name, else after its schema (bodyName).
    String bodyName = call.has("body") ? camel(call.path("bodyName").asText("body")) : null;
    if (bodyName != null) values.put(bodyName, call.get("body"));
    Object[] args = new Object[method.getParameterCount()];
    Parameter[] params = method.getParameters();
    for (int i = 0; i < params.length; i++) {
      if (!params[i].isNamePresent()) throw new IllegalStateException("compile with javac -parameters");
      // the generator escapes Java reserved words with a leading `_` (query parameter `continue` → `_continue`)
      String pname = params[i].getName();
      JsonNode v = values.containsKey(pname) ? values.remove(pname) : pname.startsWith("_") ? values.remove(pname.substring(1)) : null;
      args[i] = v == null ? null : mapper.convertValue(v, mapper.getTypeFactory().constructType(params[i].getParameterizedType()));
      // what the client puts on the wire (it serialises the body with the same mapper)
      if (params[i].getName().equals(bodyName) && args[i] != null) r.set("sentBody", mapper.readTree(mapper.writeValueAsString(args[i])));
    }
    if (!values.isEmpty()) throw new IllegalArgumentException(name + " has no parameters " + values.keySet());

    callHeaders.clear();
    for (Iterator<Map.Entry<String, JsonNode>> it = call.path("headers").fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> e = it.next();
      callHeaders.put(e.getKey(), e.getValue().asText());
    }
    Object instance = api.getConstructor(ApiClient.class).newInstance(client);
    ApiResponse<?> response = (ApiResponse<?>) method.invoke(instance, args);
    r.put("ok", true);
    r.put("status", response.getStatusCode());
    Object data = response.getData();
    if (data != null) {
      r.put("type", data.getClass().getSimpleName());
      r.set("value", mapper.readTree(mapper.writeValueAsString(data)));
    }
  }
}
