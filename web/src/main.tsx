import { createRoot } from 'react-dom/client';
import { initI18n } from './app/i18n.ts';
import { App } from './app/App.tsx';

void initI18n().then(() => {
  createRoot(document.getElementById('root')!).render(<App />);
});
