// Manifests for the Action's end-to-end tests. Assertions name rules that are certain to fire
// (privileged-container, run-as-non-root) rather than totals, so new rules do not break the tests.

/** No workload, no secrets: no rule has anything to say about it. */
export function configMap(name: string, extra = ''): string {
  return `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
  namespace: shop
data:
  LOG_LEVEL: info
${extra}`;
}

/** A Deployment with a container that runs privileged (critical) and may run as root (high). */
export function privilegedDeployment(name: string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: shop
spec:
  replicas: 2
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
        - name: app
          image: registry.example.com/shop/${name}:1.0
          securityContext:
            privileged: true
`;
}

/** The same Deployment before the pull request: no securityContext at all. */
export function plainDeployment(name: string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: shop
spec:
  replicas: 2
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
        - name: app
          image: registry.example.com/shop/${name}:1.0
`;
}
