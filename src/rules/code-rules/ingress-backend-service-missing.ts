// ingress-backend-service-missing: an Ingress backend naming a Service (or port) that is not there.
import type { ContextCodeRule, ContextViolation } from './code-rule.ts';
import { namespaceText } from './workload-selection.ts';

export const ingressBackendServiceMissing: ContextCodeRule = {
  id: 'ingress-backend-service-missing',
  phase: 'context',
  check(index) {
    const out: ContextViolation[] = [];
    for (const ingress of index.objects) {
      if (!ingress.reported || ingress.ref.kind !== 'Ingress') continue;
      for (const backend of ingress.backends ?? []) {
        const service = index.find(ingress.namespace, 'Service', backend.name);
        if (!service) {
          if (index.isComplete(ingress.namespace)) {
            out.push({
              object: ingress,
              path: backend.path,
              message: `Ingress ${ingress.ref.name} routes to Service ${backend.name}, which is not defined in ${namespaceText(ingress.namespace)} (the context is complete for it): requests would get 503.`,
            });
          }
          continue;
        }
        // The Service is in the context: a port it does not expose is a clear mismatch.
        const ports = service.servicePorts;
        if (backend.port === undefined || !ports || !backend.portPath) continue;
        const exposed = ports.some((p) => (typeof backend.port === 'number' ? p.port === backend.port : p.name === backend.port));
        if (!exposed) {
          const list = ports.map((p) => [p.port, p.name].filter((x) => x !== undefined).join('/')).join(', ');
          out.push({
            object: ingress,
            path: backend.portPath,
            message: `Ingress ${ingress.ref.name} routes to port ${backend.port} of Service ${backend.name}, which exposes ${list || 'no ports'}: requests would get 503.`,
          });
        }
      }
    }
    return out;
  },
};
