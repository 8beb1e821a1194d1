// Everyday words that are neither a person's name nor a place: a reader that
// would take free text as a name or a city refuses text made of these.

const PT = `a o as os um uma uns umas de da do das dos em no na nos nas num numa por pelo pela para pra pro com sem sob
e ou mas que se nao sim ja tambem muito pouco mais menos bem mal so apenas ainda agora hoje ontem amanha aqui ali la
eu tu ele ela nos voce voces vc vcs me te lhe meu minha meus minhas seu sua seus suas nosso nossa isso isto esse essa este esta aquele aquela
sou es e somos sao estou esta estamos estao era fui foi tenho tem temos tinha quero queria quer gostaria posso pode podemos preciso precisa
moro mora vivo trabalho trabalha ganho ganha recebo tenho faco fazer ser estar ter ir vou vai vamos
oi ola ok okay blz beleza obrigado obrigada valeu tudo bom boa dia tarde noite certo claro entendi perfeito otimo legal show
casa apartamento apto imovel carro moto veiculo terreno financiamento financiar comprar compra entrada renda salario valor cpf nome cidade estado
mil reais real mes meses ano anos semana dias
interessado interessada cliente solteiro solteira casado casada divorciado divorciada brasileiro brasileira novo nova
autonomo autonoma aposentado aposentada desempregado desempregada servidor servidora publico publica funcionario funcionaria empresario empresaria clt
daqui dali capital interior centro bairro regiao zona sul norte leste oeste
kkk kkkk haha rs pare parar sair stop teste duvida pergunta
eita nossa aff affs ue oxe vish opa ops hmm hum tipo mano cara vei gente`;

const EN = `a an the of to in on at for from with without by and or but not no yes so just still now today tomorrow here there
i me my mine you your he she it we they them our us this that these those
am is are was were be been being have has had do does did want would like could can may might need must will shall
live living work working earn make makes buy buying looking interested ready planning thinking trying currently based
hi hello hey thanks thank please ok okay sure fine good great right well sorry
house home apartment car vehicle property loan mortgage down payment income salary value price name city state
thousand million month months year years week weeks days
single married divorced employed unemployed retired self new old
downtown area region north south east west
lol lmao omg wtf hmm oops wow yeah yep nope nah dude bro anyway whatever`;

export const COMMON_WORDS = new Set([...PT.split(/\s+/), ...EN.split(/\s+/)].filter(Boolean));

export const NAME_CONNECTORS = new Set(['da', 'de', 'do', 'das', 'dos', "d'", 'e', 'van', 'von', 'del', 'di']);
