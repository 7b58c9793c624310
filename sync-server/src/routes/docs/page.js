// Renders /openapi.json as a list of routes, each opening to its parameters, body and
// answers. No framework and no outside script: the server's CSP allows its own only.
const routes = document.getElementById('routes');
const filter = document.getElementById('filter');

const element = (tag, attributes = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  for (const child of children) node.append(child);
  return node;
};
const json = (value) => element('pre', {}, JSON.stringify(value, null, 2));

function operationOf(method, path, operation) {
  const summary = element(
    'summary',
    {},
    element('span', { class: `method ${method}` }, method),
    element('code', {}, path),
    ...(operation.security ? [element('span', { class: 'lock' }, 'signed in')] : []),
  );
  const body = element('div', { class: 'body' });
  if (operation.description) body.append(element('p', {}, operation.description));
  if (operation.parameters?.length) {
    body.append(element('h3', {}, 'Parameters'));
    body.append(
      json(
        Object.fromEntries(
          operation.parameters.map((parameter) => [
            `${parameter.name} (${parameter.in}${parameter.required ? ', required' : ''})`,
            parameter.schema,
          ]),
        ),
      ),
    );
  }
  const requestBody = operation.requestBody?.content?.['application/json']?.schema;
  if (requestBody) body.append(element('h3', {}, 'Body'), json(requestBody));
  for (const [status, answer] of Object.entries(operation.responses ?? {})) {
    const schema = Object.values(answer.content ?? {})[0]?.schema;
    body.append(element('h3', {}, `Answer ${status}`));
    if (schema) body.append(json(schema));
  }
  const details = element(
    'details',
    { 'data-search': `${method} ${path}`.toLowerCase() },
    summary,
    body,
  );
  return details;
}

try {
  const response = await fetch('/openapi.json');
  const document_ = await response.json();
  routes.replaceChildren();
  for (const [path, operations] of Object.entries(document_.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      routes.append(operationOf(method, path, operation));
    }
  }
} catch (error) {
  routes.replaceChildren(element('p', {}, `The API description could not be read: ${error}`));
}

filter.addEventListener('input', () => {
  const wanted = filter.value.trim().toLowerCase();
  for (const details of routes.querySelectorAll('details')) {
    details.hidden = wanted !== '' && !details.dataset.search.includes(wanted);
  }
});
