// The generated Go client (generators/go: a Go module; go vet, go test) against the Prism mock.
import { clientSuite } from './suite.js';

clientSuite('go', {
  errorType: 'modelarts.GenericOpenAPIError',
  // the Go client also decodes a declared error response into its model
  errorModelType: 'modelarts.LegacyErrorResponse',
  fillsDefaults: false,
});
