// The generated Java client (generators/java: okhttp-gson, Maven; JUnit 5) against the Prism mock.
import { clientSuite } from './suite.js';

clientSuite('java', {
  errorType: 'modelarts.client.ApiException',
  // model fields are initialised with their schema default, which are then sent
  fillsDefaults: true,
});
