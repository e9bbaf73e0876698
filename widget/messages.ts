/**
 * The shopper's language: pt-BR by default, en and es. Each is a chunk of its own (about 2 KB
 * gzipped): a page loads only its own language, before the widget's first step shows (the element
 * waits for it), and another only if its `lang` changes.
 */
import type { en } from './messages/en.ts';

export type Messages = typeof en;
export type Lang = 'pt-BR' | 'en' | 'es';

const LOADERS: Record<Lang, () => Promise<Messages>> = {
  'pt-BR': () => import('./messages/pt-BR.ts').then((module) => module.ptBR),
  en: () => import('./messages/en.ts').then((module) => module.en),
  es: () => import('./messages/es.ts').then((module) => module.es),
};

const loaded = new Map<Lang, Messages>();
const loading = new Map<Lang, Promise<Messages>>();

/** "en-US" → en, "es-AR" → es, anything else → pt-BR (the widget sells in Brazil). */
export function resolveLang(lang: string | null | undefined): Lang {
  const base = (lang ?? '').toLowerCase().split('-')[0];
  if (base === 'en') return 'en';
  if (base === 'es') return 'es';
  return 'pt-BR';
}

/** The language's texts, once loaded (loadMessages); undefined before. */
export function messagesFor(lang: string | null | undefined): Messages | undefined {
  return loaded.get(resolveLang(lang));
}

/** Loads a language's texts once; a failed download may be tried again. */
export function loadMessages(lang: string | null | undefined): Promise<Messages> {
  const wanted = resolveLang(lang);
  const known = loaded.get(wanted);
  if (known) return Promise.resolve(known);
  let pending = loading.get(wanted);
  if (!pending) {
    pending = LOADERS[wanted]().then(
      (messages) => {
        loaded.set(wanted, messages);
        return messages;
      },
      (error: unknown) => {
        loading.delete(wanted);
        throw error;
      },
    );
    loading.set(wanted, pending);
  }
  return pending;
}
