// What the lead is told, in the agent's language, when distribution gives it
// to a consultant. One place for the words; `{name}` is the consultant's name.

export const INTRODUCTION_LANGS = ['pt', 'en'] as const;
export type IntroductionLang = (typeof INTRODUCTION_LANGS)[number];

export const DEFAULT_INTRODUCTION_LANG: IntroductionLang = 'pt';

export const INTRODUCTION_TEXTS: Record<IntroductionLang, string> = {
  pt: '{name} é a pessoa da nossa equipe que vai cuidar do seu atendimento a partir de agora e vai falar com você em breve por aqui.',
  en: '{name} from our team will take care of you from now on and will be in touch here shortly.',
};

export function introductionText(lang: IntroductionLang, name: string): string {
  // A function replacement: a `$&` or `$1` in a name is text, not a pattern.
  return INTRODUCTION_TEXTS[lang].replace('{name}', () => name);
}
