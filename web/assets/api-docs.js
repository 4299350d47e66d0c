// The API reference (/api/docs): Swagger UI draws kesu's API description,
// every operation under its tag and with its operationId. The page only
// reads; calls are made with an API token from a client or curl.
window.SwaggerUIBundle({
  url: '/api/docs/openapi.yaml',
  dom_id: '#reference',
  deepLinking: true,
  displayOperationId: true,
  docExpansion: 'list',
  defaultModelsExpandDepth: 0,
  supportedSubmitMethods: [],
  validatorUrl: null,
});
