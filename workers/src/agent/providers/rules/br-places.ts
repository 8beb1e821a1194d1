import type { Uf } from '@leadwire/agent-config';

/** Each UF's name as leads write it, and the short forms they use ("Minas"). */
export const STATE_NAMES: Record<Uf, string[]> = {
  AC: ['Acre'], AL: ['Alagoas'], AP: ['Amapá'], AM: ['Amazonas'], BA: ['Bahia'], CE: ['Ceará'],
  DF: ['Distrito Federal'], ES: ['Espírito Santo'], GO: ['Goiás'], MA: ['Maranhão'], MT: ['Mato Grosso'],
  MS: ['Mato Grosso do Sul'], MG: ['Minas Gerais', 'Minas'], PA: ['Pará'], PB: ['Paraíba'], PR: ['Paraná'],
  PE: ['Pernambuco'], PI: ['Piauí'], RJ: ['Rio de Janeiro'], RN: ['Rio Grande do Norte'], RS: ['Rio Grande do Sul'],
  RO: ['Rondônia'], RR: ['Roraima'], SC: ['Santa Catarina'], SP: ['São Paulo'], SE: ['Sergipe'], TO: ['Tocantins'],
};

/**
 * The capitals and the larger cities, whose UF the agent infers without
 * asking. A city missing here is still recorded; the agent then asks its state.
 * Names shared by several cities keep the largest one.
 */
export const CITY_UF: Record<string, Uf> = {
  // Capitals
  'Rio Branco': 'AC', 'Maceió': 'AL', 'Macapá': 'AP', 'Manaus': 'AM', 'Salvador': 'BA', 'Fortaleza': 'CE',
  'Brasília': 'DF', 'Vitória': 'ES', 'Goiânia': 'GO', 'São Luís': 'MA', 'Cuiabá': 'MT', 'Campo Grande': 'MS',
  'Belo Horizonte': 'MG', 'Belém': 'PA', 'João Pessoa': 'PB', 'Curitiba': 'PR', 'Recife': 'PE', 'Teresina': 'PI',
  'Rio de Janeiro': 'RJ', 'Natal': 'RN', 'Porto Alegre': 'RS', 'Porto Velho': 'RO', 'Boa Vista': 'RR',
  'Florianópolis': 'SC', 'São Paulo': 'SP', 'Aracaju': 'SE', 'Palmas': 'TO',
  // São Paulo
  'Campinas': 'SP', 'Guarulhos': 'SP', 'São Bernardo do Campo': 'SP', 'Santo André': 'SP', 'Osasco': 'SP',
  'São José dos Campos': 'SP', 'Ribeirão Preto': 'SP', 'Sorocaba': 'SP', 'Mauá': 'SP', 'São José do Rio Preto': 'SP',
  'Mogi das Cruzes': 'SP', 'Santos': 'SP', 'Diadema': 'SP', 'Jundiaí': 'SP', 'Piracicaba': 'SP', 'Carapicuíba': 'SP',
  'Bauru': 'SP', 'Itaquaquecetuba': 'SP', 'São Vicente': 'SP', 'Franca': 'SP', 'Praia Grande': 'SP', 'Guarujá': 'SP',
  'Taubaté': 'SP', 'Limeira': 'SP', 'Suzano': 'SP', 'Taboão da Serra': 'SP', 'Sumaré': 'SP', 'Barueri': 'SP',
  'Embu das Artes': 'SP', 'São Carlos': 'SP', 'Indaiatuba': 'SP', 'Cotia': 'SP', 'Americana': 'SP', 'Marília': 'SP',
  'Araraquara': 'SP', 'Jacareí': 'SP', 'Presidente Prudente': 'SP', 'Hortolândia': 'SP', 'Santana de Parnaíba': 'SP',
  'Rio Claro': 'SP', 'Araçatuba': 'SP', 'Valinhos': 'SP', 'Atibaia': 'SP', 'Bragança Paulista': 'SP', 'São Caetano do Sul': 'SP',
  // Rio de Janeiro
  'São Gonçalo': 'RJ', 'Duque de Caxias': 'RJ', 'Nova Iguaçu': 'RJ', 'Niterói': 'RJ', 'Belford Roxo': 'RJ',
  'Campos dos Goytacazes': 'RJ', 'São João de Meriti': 'RJ', 'Petrópolis': 'RJ', 'Volta Redonda': 'RJ', 'Macaé': 'RJ',
  'Magé': 'RJ', 'Itaboraí': 'RJ', 'Cabo Frio': 'RJ', 'Nova Friburgo': 'RJ', 'Angra dos Reis': 'RJ', 'Resende': 'RJ', 'Teresópolis': 'RJ',
  // Minas Gerais
  'Uberlândia': 'MG', 'Contagem': 'MG', 'Juiz de Fora': 'MG', 'Betim': 'MG', 'Montes Claros': 'MG', 'Ribeirão das Neves': 'MG',
  'Uberaba': 'MG', 'Governador Valadares': 'MG', 'Ipatinga': 'MG', 'Sete Lagoas': 'MG', 'Divinópolis': 'MG', 'Santa Luzia': 'MG',
  'Poços de Caldas': 'MG', 'Patos de Minas': 'MG', 'Pouso Alegre': 'MG', 'Varginha': 'MG',
  // Espírito Santo
  'Vila Velha': 'ES', 'Serra': 'ES', 'Cariacica': 'ES', 'Cachoeiro de Itapemirim': 'ES', 'Linhares': 'ES', 'Guarapari': 'ES',
  // South
  'Joinville': 'SC', 'Blumenau': 'SC', 'São José': 'SC', 'Chapecó': 'SC', 'Itajaí': 'SC', 'Criciúma': 'SC', 'Palhoça': 'SC',
  'Balneário Camboriú': 'SC', 'Jaraguá do Sul': 'SC', 'Lages': 'SC',
  'Londrina': 'PR', 'Maringá': 'PR', 'Ponta Grossa': 'PR', 'Cascavel': 'PR', 'São José dos Pinhais': 'PR', 'Foz do Iguaçu': 'PR',
  'Colombo': 'PR', 'Guarapuava': 'PR', 'Paranaguá': 'PR', 'Toledo': 'PR',
  'Caxias do Sul': 'RS', 'Canoas': 'RS', 'Pelotas': 'RS', 'Santa Maria': 'RS', 'Gravataí': 'RS', 'Viamão': 'RS',
  'Novo Hamburgo': 'RS', 'São Leopoldo': 'RS', 'Rio Grande': 'RS', 'Passo Fundo': 'RS', 'Alvorada': 'RS',
  // Centre-West
  'Aparecida de Goiânia': 'GO', 'Anápolis': 'GO', 'Rio Verde': 'GO', 'Águas Lindas de Goiás': 'GO', 'Luziânia': 'GO',
  'Taguatinga': 'DF', 'Ceilândia': 'DF', 'Águas Claras': 'DF',
  'Várzea Grande': 'MT', 'Rondonópolis': 'MT', 'Sinop': 'MT', 'Dourados': 'MS', 'Três Lagoas': 'MS',
  // North-East
  'Feira de Santana': 'BA', 'Vitória da Conquista': 'BA', 'Camaçari': 'BA', 'Juazeiro': 'BA', 'Lauro de Freitas': 'BA',
  'Itabuna': 'BA', 'Ilhéus': 'BA', 'Porto Seguro': 'BA',
  'Jaboatão dos Guararapes': 'PE', 'Olinda': 'PE', 'Caruaru': 'PE', 'Petrolina': 'PE', 'Cabo de Santo Agostinho': 'PE',
  'Caucaia': 'CE', 'Juazeiro do Norte': 'CE', 'Maracanaú': 'CE', 'Sobral': 'CE', 'Crato': 'CE',
  'Campina Grande': 'PB', 'Santa Rita': 'PB', 'Patos': 'PB', 'Mossoró': 'RN', 'Parnamirim': 'RN',
  'Imperatriz': 'MA', 'São José de Ribamar': 'MA', 'Timon': 'MA', 'Parnaíba': 'PI', 'Arapiraca': 'AL',
  'Nossa Senhora do Socorro': 'SE', 'Itabaiana': 'SE',
  // North
  'Ananindeua': 'PA', 'Santarém': 'PA', 'Marabá': 'PA', 'Parauapebas': 'PA', 'Castanhal': 'PA',
  'Parintins': 'AM', 'Itacoatiara': 'AM', 'Ji-Paraná': 'RO', 'Ariquemes': 'RO', 'Araguaína': 'TO', 'Gurupi': 'TO',
  'Santana': 'AP', 'Cruzeiro do Sul': 'AC',
};
