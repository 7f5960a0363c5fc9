// The generated Python client (generators/python: pydantic v2, pip-installed into a virtualenv; pytest) against the Prism mock.
import { clientSuite } from './suite.js';

clientSuite('python', {
  errorType: 'modelarts_client.exceptions.ApiException',
  // from_dict fills absent properties with their schema default, which are then sent
  fillsDefaults: true,
});
