// Runs a call plan through the generated Java client (okhttp-gson), one JUnit 5 dynamic test per call.
//
// MODELARTS_PLAN: {"baseUrl", "token", "calls": [{"id", "operationId", "pathParams": [{"name", "value"}],
// "params": {name: value}, "body"?, "bodyName"?, "headers"?, "ownServers"?, "anonymous"? (sent without the
// token), "expect": {"ok", "status"}}]};
// MODELARTS_RESULTS: where the results are written (test/generators/suite.js compares them with the spec's
// examples). The operation is `<operationId>WithHttpInfo` on whichever generated API class has it;
// arguments are matched by the parameter names javac recorded (-parameters) and converted to the declared
// Java types by the client's own Gson. Success: the decoded model re-serialised by that Gson. Failure: the
// exception's classes, HTTP status and raw body.
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import modelarts.client.ApiClient;
import modelarts.client.ApiException;
import modelarts.client.ApiResponse;
import modelarts.client.auth.ApiKeyAuth;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

public class OperationsTest {
  static final Map<String, String> callHeaders = new HashMap<>();
  static final JsonArray results = new JsonArray();

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

  /** The generated API classes, from the sources of the project under test. */
  static List<Class<?>> apiClasses() throws Exception {
    List<Class<?>> out = new ArrayList<>();
    File[] files = new File("src/main/java/modelarts/client/api").listFiles((d, n) -> n.endsWith(".java"));
    for (File f : files) out.add(Class.forName("modelarts.client.api." + f.getName().replace(".java", "")));
    return out;
  }

  @TestFactory
  Stream<DynamicTest> operations() throws Exception {
    JsonObject plan = JsonParser.parseString(Files.readString(Path.of(System.getenv("MODELARTS_PLAN")))).getAsJsonObject();
    String base = plan.get("baseUrl").getAsString();
    ApiClient client = new ApiClient();
    client.setBasePath(base);
    if (plan.has("token") && !plan.get("token").isJsonNull()) {
      ((ApiKeyAuth) client.getAuthentication("XAuthToken")).setApiKey(plan.get("token").getAsString());
    }
    // per-call headers (Prefer) through an OkHttp interceptor: the default-header map cannot remove one
    client.setHttpClient(client.getHttpClient().newBuilder().addInterceptor(chain -> {
      okhttp3.Request.Builder b = chain.request().newBuilder();
      callHeaders.forEach(b::header);
      return chain.proceed(b.build());
    }).build());
    List<Class<?>> apis = apiClasses();
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonElement e : plan.getAsJsonArray("calls")) {
      JsonObject call = e.getAsJsonObject();
      tests.add(DynamicTest.dynamicTest(call.get("id").getAsString(), () -> {
        JsonObject r = new JsonObject();
        r.addProperty("id", call.get("id").getAsString());
        try {
          run(client, apis, base, call, r);
        } catch (Throwable t) {
          fail(r, t instanceof InvocationTargetException ? t.getCause() : t);
        }
        synchronized (results) {
          results.add(r);
        }
        JsonObject expect = call.has("expect") ? call.getAsJsonObject("expect") : new JsonObject();
        String detail = r.toString();
        detail = detail.length() > 2000 ? detail.substring(0, 2000) : detail;
        assertEquals(expect.has("ok") ? expect.get("ok").getAsBoolean() : true, r.get("ok").getAsBoolean(), detail);
        if (expect.has("status")) {
          assertEquals(expect.get("status").getAsInt(), r.get("status").isJsonNull() ? -1 : r.get("status").getAsInt(), detail);
        }
      }));
    }
    return tests.stream();
  }

  @AfterAll
  static void writeResults() throws Exception {
    JsonObject out = new JsonObject();
    out.addProperty("language", "java");
    out.add("results", results);
    Files.writeString(Path.of(System.getenv("MODELARTS_RESULTS")), out.toString(), StandardCharsets.UTF_8);
  }

  static void fail(JsonObject r, Throwable e) {
    r.addProperty("ok", false);
    JsonArray types = new JsonArray();
    for (Class<?> c = e.getClass(); c != null && c != Object.class; c = c.getSuperclass()) types.add(c.getName());
    r.add("errorTypes", types);
    if (e instanceof ApiException) {
      ApiException ae = (ApiException) e;
      r.addProperty("status", ae.getCode());
      if (ae.getResponseBody() != null) r.addProperty("body", ae.getResponseBody());
      r.addProperty("message", ae.getMessage());
    } else {
      r.add("status", com.google.gson.JsonNull.INSTANCE);
      StringWriter sw = new StringWriter();
      e.printStackTrace(new PrintWriter(sw));
      r.addProperty("message", String.valueOf(e.getMessage()));
      String trace = sw.toString();
      r.addProperty("trace", trace.length() > 2000 ? trace.substring(0, 2000) : trace);
    }
  }

  static void run(ApiClient client, List<Class<?>> apis, String base, JsonObject call, JsonObject r) throws Exception {
    Gson gson = client.getJSON().getGson();
    String name = call.get("operationId").getAsString() + "WithHttpInfo";
    Method method = null;
    Class<?> api = null;
    for (Class<?> c : apis) {
      for (Method m : c.getMethods()) if (m.getName().equals(name)) { method = m; api = c; }
      if (method != null) break;
    }
    if (method == null) throw new NoSuchMethodException("no generated method " + name);
    r.addProperty("api", api.getSimpleName());

    Map<String, JsonElement> values = new LinkedHashMap<>();
    if (call.has("pathParams")) {
      for (JsonElement p : call.getAsJsonArray("pathParams")) {
        values.put(camel(p.getAsJsonObject().get("name").getAsString()), p.getAsJsonObject().get("value"));
      }
    }
    if (call.has("params")) {
      for (Map.Entry<String, JsonElement> e : call.getAsJsonObject("params").entrySet()) values.put(camel(e.getKey()), e.getValue());
    }
    // The body parameter is named by x-codegen-request-body-name, else after its schema (bodyName).
    String bodyName = call.has("body") ? camel(call.has("bodyName") ? call.get("bodyName").getAsString() : "body") : null;
    if (bodyName != null) values.put(bodyName, call.get("body"));
    Object[] args = new Object[method.getParameterCount()];
    Parameter[] params = method.getParameters();
    for (int i = 0; i < params.length; i++) {
      if (!params[i].isNamePresent()) throw new IllegalStateException("compile with -parameters (maven.compiler.parameters)");
      String pname = params[i].getName();
      JsonElement v = values.remove(pname);
      // a reserved word (`continue`) is escaped by the generator with a leading `_` (escapeReservedWord)
      if (v == null && pname.startsWith("_")) v = values.remove(pname.substring(1));
      args[i] = v == null ? null : gson.fromJson(v, params[i].getParameterizedType());
      // what the client puts on the wire (it serialises the body with the same Gson)
      if ((pname.equals(bodyName) || pname.equals("_" + bodyName)) && args[i] != null) r.add("sentBody", JsonParser.parseString(client.getJSON().serialize(args[i])));
    }
    if (!values.isEmpty()) throw new IllegalArgumentException(name + " has no parameters " + values.keySet());

    callHeaders.clear();
    if (call.has("headers")) {
      for (Map.Entry<String, JsonElement> e : call.getAsJsonObject("headers").entrySet()) callHeaders.put(e.getKey(), e.getValue().getAsString());
    }
    Object instance = api.getConstructor(ApiClient.class).newInstance(client);
    // an operation with its own servers (IAM) goes there unless given a custom base URL
    if (call.has("ownServers") && call.get("ownServers").getAsBoolean()) api.getMethod("setCustomBaseUrl", String.class).invoke(instance, base);
    ApiKeyAuth auth = (ApiKeyAuth) client.getAuthentication("XAuthToken");
    String token = auth.getApiKey();
    if (call.has("anonymous") && call.get("anonymous").getAsBoolean()) auth.setApiKey(null);
    ApiResponse<?> response;
    try {
      response = (ApiResponse<?>) method.invoke(instance, args);
    } finally {
      auth.setApiKey(token);
    }
    r.addProperty("ok", true);
    r.addProperty("status", response.getStatusCode());
    Object data = response.getData();
    if (data instanceof File) {
      // a raw download (application/octet-stream): the client wrote it to a temporary file
      r.addProperty("type", "file");
      r.addProperty("value", Files.readString(((File) data).toPath(), StandardCharsets.UTF_8));
    } else if (data != null) {
      r.addProperty("type", data.getClass().getSimpleName());
      r.add("value", gson.toJsonTree(data));
    }
  }
}
