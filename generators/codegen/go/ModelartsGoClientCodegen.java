// The `go` generator of OpenAPI Generator 5.0.0-beta2 registers no model template, so it writes the API
// files but no model_*.go (upstream bug, fixed in later releases). This subclass registers model.mustache
// again. generators/lib/go.mjs compiles it with javac against the generator jar, packs it with a
// META-INF/services entry, and passes the jar to the wrapper with --custom-generator; generators/go.yaml
// then selects it as `generatorName: modelarts-go`.
package io.github.modelarts_openapi.codegen;

import org.openapitools.codegen.languages.GoClientCodegen;

public class ModelartsGoClientCodegen extends GoClientCodegen {
  @Override
  public String getName() {
    return "modelarts-go";
  }

  @Override
  public String getHelp() {
    return "Go client (GoClientCodegen of 5.0.0-beta2 with its model files restored).";
  }

  @Override
  public void processOpts() {
    super.processOpts();
    modelTemplateFiles.put("model.mustache", ".go");
  }
}
