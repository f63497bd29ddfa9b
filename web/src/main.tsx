import { createRoot } from 'react-dom/client';
import { initI18n } from './app/i18n.ts';
import { App } from './app/App.tsx';
import './app/a11y.css';
import { installKeyboardScrolling } from './app/a11y.ts';

installKeyboardScrolling();
void initI18n().then(() => {
  createRoot(document.getElementById('root')!).render(<App />);
});
