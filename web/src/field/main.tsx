/** Entry of the field app (/field): its own small bundle, no Ant Design; the service worker keeps it offline. */
import { createRoot } from 'react-dom/client';
import { FieldApp } from './FieldApp.tsx';
import './field.css';

createRoot(document.getElementById('root')!).render(<FieldApp />);

if ('serviceWorker' in navigator) {
  // The worker lives at the site root so that its scope can be /field (web/vite-field-sw.ts writes
  // it into the build; the Vite dev server has none, and the app then simply needs the network).
  navigator.serviceWorker.register('/field-sw.js', { scope: '/field' }).catch(() => undefined);
}
