import type { Product } from '../../types.ts';
import { fold, phraseRegExp, type Span } from './text.ts';

export interface ProductReading extends Span {
  product: Product;
}

const REAL_ESTATE = phraseRegExp([
  'imovel', 'imoveis', 'imobiliario', 'apartamento', 'apartamentos', 'apto', 'ape', 'casa', 'casa propria', 'terreno', 'lote', 'sobrado', 'cobertura',
  'kitnet', 'kitinete', 'studio', 'flat', 'loft', 'chacara', 'sitio', 'planta', 'house', 'home', 'apartment', 'condo', 'property', 'real estate',
  'mortgage', 'land', 'townhouse', 'flat',
]);
const VEHICLE = phraseRegExp([
  'carro', 'carros', 'veiculo', 'veiculos', 'automovel', 'moto', 'motocicleta', 'caminhonete', 'caminhao', 'picape', 'pickup', 'suv', 'utilitario',
  'seminovo', '0km', 'zero km', 'zero quilometro', 'car', 'vehicle', 'truck', 'motorcycle', 'motorbike', 'auto loan', 'car loan',
  'fiat', 'chevrolet', 'volkswagen', 'vw', 'toyota', 'honda', 'hyundai', 'jeep', 'renault', 'nissan', 'ford', 'peugeot', 'citroen', 'bmw', 'mercedes',
  'audi', 'kia', 'mitsubishi', 'byd', 'porsche', 'ferrari', 'lamborghini', 'volvo', 'land rover', 'range rover', 'jaguar', 'lexus', 'tesla',
  'subaru', 'suzuki', 'chery', 'caoa', 'jac', 'ram', 'dodge', 'chrysler', 'mini cooper', 'yamaha', 'kawasaki', 'harley', 'harley-davidson', 'ducati',
  'triumph', 'gwm', 'haval', 'onix', 'hb20', 'corolla', 'civic', 'gol', 'polo', 'compass', 'hilux', 't-cross', 'kwid', 'mobi', 'argo',
  'strada', 'toro', 'creta', 'tracker', 'renegade', 'sandero', 'hr-v', 'hrv', 'kicks', 'saveiro', 'virtus', 'nivus', 'fastback', 'pulse', 'yaris',
]);
/** Words before a product that say the lead wants to buy it. */
const WANTS = /(?:financiar|financiamento|comprar|compra|adquirir|quero|queria|gostaria|procurando|procuro|interesse|interessad[oa]|sonho|entrada (?:n[oa]|d[oa])|buy|buying|purchase|finance|financing|want|looking for|interested in|get|loan for|mortgage for)\b[^.!?]{0,30}$/;
/** Words before a product that say it is where the lead lives or what it sells: "moro numa casa alugada", "vendo meu carro". */
const NOT_WANTED = /(?:moro|mora|moramos|vivo|alug\w*|vender|vendo|live in|rent|renting|sell|selling)\s+(?:n?[oa]s?|numa?|uma?|minha|meu|my|the|a)?\s*$/;
/** "em casa", "de casa", "at home": being home, not buying one. */
const AT_HOME = /(?:\b(?:em|de|pra|para|a|in|at|from|go|back)\s+)$/;

function occurrences(folded: string, re: RegExp, product: Product): Array<ProductReading & { wanted: boolean }> {
  return Array.from(folded.matchAll(re), (m) => {
    const before = folded.slice(0, m.index);
    const home = /^(casa|home)$/.test(m[0]) && AT_HOME.test(before) && !WANTS.test(before);
    return { product, start: m.index!, end: m.index! + m[0].length, wanted: WANTS.test(before) && !NOT_WANTED.test(before) && !home, excluded: home || NOT_WANTED.test(before) };
  })
    .filter((o) => o.wanted || !o.excluded)
    .map(({ excluded: _excluded, ...o }) => o);
}

/**
 * What the lead wants to finance. When both kinds are named ("vou vender o
 * carro para dar entrada na casa"), the one after a buying word wins; a
 * mention without one does not override a known product.
 */
export function findProduct(text: string, known: Product | undefined): ProductReading | null {
  const folded = fold(text);
  const all = [...occurrences(folded, REAL_ESTATE, 'REAL_ESTATE'), ...occurrences(folded, VEHICLE, 'VEHICLE')].sort((a, b) => a.start - b.start);
  const wanted = all.filter((o) => o.wanted);
  if (wanted.length) return strip(wanted[0]);
  const kinds = new Set(all.map((o) => o.product));
  if (kinds.size !== 1 || (known && !kinds.has(known))) return null;
  return strip(all[0]);
}

const strip = ({ product, start, end }: ProductReading): ProductReading => ({ product, start, end });
