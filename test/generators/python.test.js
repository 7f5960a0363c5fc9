// The generated Python client (generators/python.yaml, Debian /usr/bin/python3) against the Prism mock.
import { clientSuite } from './suite.js';

clientSuite('python', {
  errorType: 'modelarts_client.exceptions.ApiException',
  // model constructors initialise properties with their schema default, which are then sent
  fillsDefaults: true,
});
