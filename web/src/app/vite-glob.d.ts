/** Vite's import.meta.glob, the one Vite client type the web app uses (tsconfig loads only node's types). */
interface ImportMeta {
  glob<T>(patterns: string | string[], options: { eager: true; import: 'default' }): Record<string, T>;
}
