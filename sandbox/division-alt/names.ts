import type { Stream } from "./random.ts";

/**
 * Name pools of the alternative division, weighted roughly as names occur among authors of
 * American academic medicine: a handful of surnames (Wang, Li, Kim, Lee, Patel, Smith, Nguyen)
 * are very common, so co-author lists and name searches collide by chance as they do in PubMed.
 */

export type Heritage =
  | "anglo"
  | "hispanic"
  | "chinese"
  | "korean"
  | "indian"
  | "vietnamese"
  | "european"
  | "west-african"
  | "japanese"
  | "arabic";

/** "A|B|C" as a list: the pools stay one line each. */
const list = (names: string): readonly string[] => names.split("|");

/** "Smith:10|Johnson:8" as [name, weight] pairs. */
const weightedList = (names: string): ReadonlyArray<readonly [string, number]> =>
  list(names).map((entry) => {
    const [name, weight] = entry.split(":");
    return [name!, Number(weight)] as const;
  });

interface HeritagePool {
  share: number;
  surnames: ReadonlyArray<readonly [string, number]>;
  female: readonly string[];
  male: readonly string[];
  /** Share of people with a middle name. */
  middleRate: number;
  /** Middle names, when they are drawn from their own list rather than the given names. */
  middles?: readonly string[];
  /** Share with a two-part surname (García Márquez, Smith-Jones). */
  compoundRate: number;
  /**
   * Share with a rare surname from the long tail (made of the syllables below), so that the
   * common names collide as often as they do in PubMed and the rest seldom do.
   */
  tail: number;
  syllables?: readonly [readonly string[], readonly string[]];
}

const POOLS: Record<Heritage, HeritagePool> = {
  anglo: {
    share: 40,
    surnames: weightedList(
      "Smith:10|Johnson:8|Williams:7|Brown:7|Jones:7|Miller:6|Davis:6|Wilson:4|Anderson:4|Taylor:4|Thomas:4|Moore:4|Jackson:3|Martin:3|Thompson:3|White:3|Harris:3|Clark:3|Lewis:3|Robinson:2|Walker:2|Young:2|Allen:2|King:2|Wright:2|Scott:2|Hill:2|Green:2|Adams:2|Baker:2|Nelson:2|Carter:2|Mitchell:2|Roberts:2|Turner:2|Phillips:2|Campbell:2|Parker:2|Evans:2|Edwards:2|Collins:2|Stewart:1|Morris:1|Murphy:1|Cook:1|Rogers:1|Morgan:1|Cooper:1|Peterson:1|Reed:1|Bailey:1|Bell:1|Kelly:1|Howard:1|Ward:1|Cox:1|Richardson:1|Wood:1|Watson:1|Brooks:1|Bennett:1|Gray:1|Hughes:1|Price:1|Sanders:1|Myers:1|Long:1|Ross:1|Foster:1|Powell:1|Jenkins:1|Perry:1|Russell:1|Sullivan:1|Fisher:1|Henderson:1|Coleman:1|Patterson:1|Jordan:1|Reynolds:1|Hamilton:1|Graham:1|Wallace:1|Hayes:1|McCarthy:1|O'Brien:1|O'Connor:0.8|MacDonald:0.6|Fitzgerald:0.6|Gallagher:0.5|Donnelly:0.4|Whitfield:0.3|Ashby:0.3|Pembroke:0.2|Thistlewood:0.1|Kettering:0.2",
    ),
    female: list(
      "Jennifer|Elizabeth|Sarah|Mary|Jessica|Susan|Karen|Lisa|Laura|Rebecca|Emily|Margaret|Katherine|Amy|Rachel|Anna|Catherine|Julie|Heather|Megan|Allison|Lauren|Michelle|Amanda|Melissa|Deborah|Stephanie|Kathleen|Christine|Angela|Hannah|Caroline|Claire|Molly|Leah|Patricia|Barbara|Nancy|Sandra|Cynthia|Jane|Abigail|Meredith",
    ),
    male: list(
      "John|James|Michael|David|Robert|William|Daniel|Matthew|Christopher|Thomas|Joseph|Andrew|Richard|Mark|Steven|Paul|Brian|Kevin|Jonathan|Eric|Benjamin|Jeffrey|Timothy|Stephen|Samuel|Gregory|Patrick|Peter|Adam|Nathan|Alexander|Charles|Edward|Scott|Jason|Ryan|Aaron|Nicholas|Douglas|Philip|Frederick|Theodore",
    ),
    middleRate: 0.72,
    compoundRate: 0.03,
    tail: 0.5,
    syllables: [
      list(
        "Ash|Brad|Whit|Har|Kel|Lang|Mor|Pen|Stan|Thorn|Wel|Cal|Dun|Fair|Gil|Hal|Lind|Mar|Ral|Sher|Ware|Wick|Brom|Crand|Els|Fen|Hol|Lock|Mil|Pres",
      ),
      list("ford|ley|ton|well|wood|by|field|more|wick|son|den|ham|ridge|stead|worth|ington|dale|cott|ner|er"),
    ],
  },
  hispanic: {
    share: 8,
    surnames: weightedList(
      "García:5|Rodríguez:4|Martínez:4|Hernández:4|López:4|González:4|Pérez:3|Sánchez:3|Ramírez:3|Torres:2|Flores:2|Rivera:2|Gómez:2|Díaz:2|Cruz:1|Morales:1|Reyes:1|Gutiérrez:1|Ortiz:1|Jiménez:1|Ruiz:1|Álvarez:1|Castillo:1|Vargas:1|Romero:1|Mendoza:1|Muñoz:1|Núñez:0.7|Peña:0.5|Ibáñez:0.3|Quiñones:0.3|Echeverría:0.2|Villaseñor:0.2",
    ),
    female: list(
      "María|Ana|Carmen|Lucía|Sofía|Isabel|Elena|Gabriela|Mariana|Daniela|Verónica|Rosa|Inés|Adriana|Claudia|Patricia|Marisol|Beatriz",
    ),
    male: list(
      "José|Juan|Carlos|Luis|Jorge|Miguel|Alejandro|Javier|Fernando|Ricardo|Andrés|Ramón|Raúl|Sergio|Pablo|Diego|Héctor|Óscar",
    ),
    middleRate: 0.45,
    compoundRate: 0.3,
    tail: 0.25,
    syllables: [
      list("Valle|Monte|Rio|Sierra|Campo|Villa|Casa|Fuente|Mira|Cerro|Bella|Alta"),
      list("ros|nueva|real|blanca|mar|sol|verde|mayor|dorado|lobos"),
    ],
  },
  chinese: {
    share: 12,
    surnames: weightedList(
      "Wang:8|Li:8|Zhang:7|Liu:6|Chen:6|Yang:4|Huang:3|Zhao:3|Wu:3|Zhou:3|Xu:2|Sun:2|Ma:2|Zhu:2|Hu:2|Guo:2|He:2|Lin:2|Gao:1|Luo:1|Zheng:1|Liang:1|Xie:1|Tang:1|Song:1|Feng:1|Deng:1|Cao:1|Peng:1|Zeng:1|Xiao:1|Tian:1|Dong:1|Pan:1|Yuan:1|Cai:1|Jiang:1|Yu:1|Du:1|Ye:1|Cheng:1|Shen:1|Fang:1",
    ),
    female: list(
      "Jing|Yan|Ying|Hui|Li|Xin|Hong|Fang|Ping|Min|Lin|Juan|Xiaoyan|Haiyan|Lijun|Yuqing|Mengmeng|Shuang|Qian|Jia|Yue|Na",
    ),
    male: list(
      "Wei|Jun|Lei|Yang|Ming|Qing|Jie|Bin|Hao|Yu|Tao|Jian|Xiaoming|Jianping|Hongyu|Zhiwei|Jianhua|Yiming|Chao|Peng|Gang",
    ),
    middleRate: 0.04,
    compoundRate: 0,
    tail: 0,
  },
  korean: {
    share: 5,
    surnames: weightedList(
      "Kim:8|Lee:7|Park:5|Choi:3|Jung:2|Kang:2|Cho:2|Yoon:1|Jang:1|Lim:1|Han:1|Shin:1|Oh:1|Seo:1|Kwon:1|Hwang:1|Ahn:1|Yoo:1",
    ),
    female: list("Ji-Young|Min-Jung|Eun-Young|Soo-Jin|Hye-Jin|Yoon-Jung|Ji-Hyun|Seo-Yeon|Hyun-Joo"),
    male: list("Ji-Hoon|Seung-Woo|Min-Soo|Jae-Hyun|Dong-Hyun|Sung-Min|Young-Ho|Jin-Woo|Sang-Hoon"),
    middleRate: 0.02,
    compoundRate: 0,
    tail: 0,
  },
  indian: {
    share: 10,
    surnames: weightedList(
      "Patel:6|Shah:4|Singh:4|Kumar:4|Sharma:3|Gupta:3|Desai:2|Mehta:2|Reddy:2|Rao:2|Iyer:1|Nair:1|Joshi:1|Agarwal:1|Bhatt:1|Chopra:1|Malhotra:1|Kapoor:1|Banerjee:1|Chatterjee:1|Mukherjee:1|Das:1|Krishnan:1|Srinivasan:1|Subramanian:1|Venkataraman:0.5|Raghavan:0.5",
    ),
    female: list(
      "Priya|Anjali|Neha|Pooja|Deepa|Divya|Kavita|Lakshmi|Meera|Shreya|Anita|Sunita|Aditi|Swati|Ritu|Nisha",
    ),
    male: list(
      "Rahul|Amit|Anil|Ankit|Arjun|Nikhil|Raj|Rajesh|Ravi|Rohit|Sanjay|Sandeep|Sunil|Vijay|Vikram|Suresh|Ashok|Manish",
    ),
    middleRate: 0.25,
    compoundRate: 0,
    tail: 0.25,
    syllables: [
      list("Ana|Bala|Chandra|Deva|Hari|Jaya|Kali|Mahe|Nara|Pra|Raja|Sri|Vasu|Yoge"),
      list("nathan|swamy|murthy|krishnan|raman|sekar|pal|shetty|wal|kar"),
    ],
  },
  vietnamese: {
    share: 3,
    surnames: weightedList("Nguyen:6|Tran:3|Le:2|Pham:2|Hoang:1|Vu:1|Dang:1|Bui:1|Do:1|Ngo:1"),
    female: list("Anh|Thao|Linh|Lan|Hoa|Phuong|Trang|Mai|Huong"),
    male: list("Minh|Tuan|Hung|Duc|Quang|Thanh|Khanh|Long|Huy"),
    middleRate: 0.5,
    middles: list("Thi|Van|Ngoc|Minh|Hoang|Quoc"),
    compoundRate: 0,
    tail: 0,
  },
  european: {
    share: 10,
    surnames: weightedList(
      "Müller:1|Schmidt:2|Schneider:1|Fischer:1|Weber:1|Meyer:1|Wagner:1|Becker:1|Hoffmann:1|Schäfer:0.5|Koch:1|Richter:1|Klein:1|Wolf:1|Schröder:0.5|Neumann:0.5|Zimmermann:0.5|Krüger:0.3|Hartmann:0.5|Jansen:1|de Vries:1|van Dijk:0.5|van der Berg:0.4|Bakker:0.5|Rossi:1|Russo:1|Ferrari:1|Esposito:1|Bianchi:0.5|Romano:0.5|Colombo:0.5|De Luca:0.5|Costa:0.5|Silva:1|Santos:1|Oliveira:1|Ferreira:0.5|Almeida:0.5|Dubois:0.5|Lefèvre:0.3|Moreau:0.3|Girard:0.3|Nielsen:0.5|Jensen:0.5|Hansen:0.5|Sørensen:0.3|Larsen:0.3|Johansson:0.5|Andersson:0.5|Nilsson:0.3|Kowalski:0.5|Nowak:0.5|Wiśniewski:0.2|Dvořák:0.2|Novák:0.3|Kovács:0.3|Nagy:0.3|Papadopoulos:0.5|Ivanov:0.5|Popescu:0.3|Yılmaz:0.4|Öztürk:0.2|Cohen:1|Levy:0.5|Friedman:0.5|Katz:0.5|Goldberg:0.5|Shapiro:0.5|Kaplan:0.5|Rosenberg:0.3",
    ),
    female: list(
      "Katrin|Anke|Giulia|Francesca|Ana|Anne-Marie|Mette|Ingrid|Agnieszka|Eleni|Elif|Sabine|Chiara|Inês|Hélène|Zsófia|Rivka|Miriam|Eva",
    ),
    male: list(
      "Hans|Klaus|Jürgen|Stefan|Marco|Luca|João|Pierre|Jean-Luc|Søren|Lars|Piotr|Tomasz|Jiří|Gábor|Dimitrios|Mehmet|Ari|Jakob|Matthias",
    ),
    middleRate: 0.3,
    compoundRate: 0.02,
    tail: 0.45,
    syllables: [
      list("Berg|Hof|Lind|Ros|Stein|Wein|Alt|Kron|Tann|Bran|Falk|Mol|Ost|Sand|Vogel"),
      list("mann|feld|berg|stein|hausen|er|ström|gaard|ski|ović|elli|etti|inen"),
    ],
  },
  "west-african": {
    share: 4,
    surnames: weightedList(
      "Okafor:1|Okonkwo:0.6|Adeyemi:1|Mensah:1|Owusu:0.6|Boateng:0.6|Abubakar:0.5|Nwosu:0.6|Eze:0.6|Ogunleye:0.4|Afolabi:0.6|Adebayo:0.6|Osei:0.6|Asante:0.4|Obi:0.5",
    ),
    female: list("Ngozi|Amaka|Funmilayo|Abena|Ama|Chiamaka|Adaeze|Yetunde|Efua"),
    male: list("Chinedu|Oluwaseun|Kwame|Kofi|Emeka|Tunde|Babatunde|Yaw|Ikenna"),
    middleRate: 0.5,
    compoundRate: 0,
    tail: 0.4,
    syllables: [
      list("Ade|Olu|Chi|Nna|Ama|Kwa|Oko|Ife|Eme|Oba"),
      list("bayo|wale|nedu|mdi|ke|nkwo|sanya|dike|gbe|for"),
    ],
  },
  japanese: {
    share: 2,
    surnames: weightedList(
      "Sato:1|Suzuki:1|Takahashi:1|Tanaka:1|Watanabe:1|Ito:1|Yamamoto:1|Nakamura:1|Kobayashi:1|Kato:0.5",
    ),
    female: list("Yuki|Akiko|Naoko|Keiko|Haruka|Emi|Mayumi"),
    male: list("Hiroshi|Takashi|Kenji|Satoshi|Daisuke|Yusuke|Kazuo"),
    middleRate: 0.02,
    compoundRate: 0,
    tail: 0.3,
    syllables: [
      list("Aki|Fuji|Hara|Ishi|Kawa|Mori|Naka|Ota|Saka|Taka|Yoshi"),
      list("moto|mura|yama|kawa|da|no|shima|hashi|zaki"),
    ],
  },
  arabic: {
    share: 6,
    surnames: weightedList(
      "Khan:2|Ali:2|Ahmed:2|Hassan:1|Hussein:1|Ibrahim:1|Mahmoud:0.5|Haddad:0.5|Khoury:0.5|Rahman:1|Saleh:0.5|Farah:0.3|Nasser:0.3|Al-Sayed:0.4|El-Amin:0.3",
    ),
    female: list("Fatima|Layla|Sara|Rania|Nadia|Hana|Amira|Yasmin|Noor"),
    male: list("Omar|Ahmad|Yusuf|Karim|Tariq|Samir|Zain|Khalid|Hassan"),
    middleRate: 0.35,
    compoundRate: 0,
    tail: 0.25,
    syllables: [
      list("Al-Ha|Al-Ma|Bar|Dar|Ham|Kha|Man|Nas|Sab|Tah"),
      list("dad|wi|soud|ri|zeh|lil|bani|ir|oun"),
    ],
  },
};

const HERITAGES = Object.keys(POOLS) as Heritage[];

/** Familiar forms people publish under in one place and are listed under in another. */
export const NICKNAMES: Readonly<Record<string, readonly string[]>> = {
  Robert: ["Bob", "Rob"],
  William: ["Bill", "Will"],
  Elizabeth: ["Beth", "Liz", "Betsy"],
  Katherine: ["Kate", "Katie"],
  Catherine: ["Cathy", "Kate"],
  Margaret: ["Peggy", "Maggie"],
  James: ["Jim", "Jamie"],
  Michael: ["Mike"],
  Jonathan: ["Jon"],
  Christopher: ["Chris"],
  Richard: ["Rick", "Dick"],
  Thomas: ["Tom"],
  Rebecca: ["Becky"],
  Susan: ["Sue"],
  Daniel: ["Dan"],
  Matthew: ["Matt"],
  Nicholas: ["Nick"],
  Patricia: ["Trish", "Patty"],
  Jennifer: ["Jenny", "Jen"],
  Alexander: ["Alex"],
  Samuel: ["Sam"],
  Benjamin: ["Ben"],
  Stephen: ["Steve"],
  Steven: ["Steve"],
  Edward: ["Ted", "Ed"],
  Theodore: ["Ted"],
  Frederick: ["Fred"],
  Douglas: ["Doug"],
  Philip: ["Phil"],
  Gregory: ["Greg"],
  Timothy: ["Tim"],
  Deborah: ["Debbie", "Deb"],
  Kathleen: ["Kathy"],
  Abigail: ["Abby"],
  Joseph: ["Joe"],
  Andrew: ["Andy", "Drew"],
  Peter: ["Pete"],
  Pooja: ["Puja"],
};

export interface NameParts {
  heritage: Heritage;
  female: boolean;
  /** The surname as the person writes it, diacritics, particles and hyphens kept. */
  last: string;
  /** Set for a two-part surname written with a space (García Márquez): its parts. */
  surnameParts?: readonly [string, string];
  first: string;
  /** Full middle name, "" when none. */
  middle: string;
}

export function drawHeritage(rng: Stream): Heritage {
  return rng.weighted(HERITAGES.map((heritage) => [heritage, POOLS[heritage].share] as const));
}

/** Given names are Zipf-weighted by their place in the list: the first few are the common ones. */
function drawGiven(rng: Stream, names: readonly string[]): string {
  return rng.weighted(names.map((name, i) => [name, 1 / Math.pow(i + 1, 0.7)] as const));
}

export function drawSurname(rng: Stream, heritage: Heritage): string {
  const pool = POOLS[heritage];
  if (pool.syllables && rng.chance(pool.tail)) {
    const [starts, ends] = pool.syllables;
    return `${rng.pick(starts)}${rng.pick(ends)}`;
  }
  return rng.weighted(pool.surnames);
}

export function drawFirstName(rng: Stream, heritage: Heritage, female: boolean): string {
  const pool = POOLS[heritage];
  return drawGiven(rng, female ? pool.female : pool.male);
}

/** A new person's name; `heritage` and `female` fixed when given. */
export function drawName(
  rng: Stream,
  fixed: Partial<Pick<NameParts, "heritage" | "female">> = {},
): NameParts {
  const heritage = fixed.heritage ?? drawHeritage(rng);
  const pool = POOLS[heritage];
  const female = fixed.female ?? rng.chance(0.5);
  const first = drawFirstName(rng, heritage, female);
  let middle = "";
  if (rng.chance(pool.middleRate)) {
    const middles = pool.middles ?? (female ? pool.female : pool.male);
    for (let tries = 0; tries < 5 && (middle === "" || middle === first); tries++)
      middle = drawGiven(rng, middles);
    if (middle === first) middle = "";
  }
  const name: NameParts = { heritage, female, last: drawSurname(rng, heritage), first, middle };
  if (rng.chance(pool.compoundRate)) {
    let second = drawSurname(rng, heritage);
    for (let tries = 0; tries < 5 && second === name.last; tries++) second = drawSurname(rng, heritage);
    if (second !== name.last) {
      // Spanish double surnames are written with a space; elsewhere two names are hyphenated.
      if (heritage === "hispanic" && rng.chance(0.75)) {
        name.surnameParts = [name.last, second];
        name.last = `${name.last} ${second}`;
      } else {
        name.last = `${name.last}-${second}`;
      }
    }
  }
  return name;
}

export function nicknamesOf(first: string): readonly string[] {
  return NICKNAMES[first] ?? [];
}

/** "Jean-Luc" → "JL", "Ji-Young" → "JY", "María José" → "MJ", "" → "". */
export function initialsOf(...given: string[]): string {
  return given
    .join(" ")
    .split(/[\s.-]+/)
    .filter((part) => part !== "")
    .map((part) => [...part][0]!.toUpperCase())
    .join("");
}

/**
 * How common a surname is among authors, as a factor on the number of namesakes: about 2.5 for
 * Wang, Smith or Patel, 1.4 for Martin or Gupta, 0.8 for the rest.
 */
export function surnameCommonness(last: string): number {
  const weight = Math.max(
    0,
    ...HERITAGES.flatMap((heritage) =>
      POOLS[heritage].surnames.filter(([surname]) => surname === last).map(([, w]) => w),
    ),
  );
  return weight >= 4 ? 2.5 : weight >= 2 ? 1.4 : 0.8;
}

/** Another first name with the same initial, of the same heritage and sex, if the pool has one. */
export function sameInitialFirstName(rng: Stream, name: NameParts): string | undefined {
  const pool = POOLS[name.heritage];
  const initial = initialsOf(name.first)[0];
  const options = (name.female ? pool.female : pool.male).filter(
    (other) => other !== name.first && initialsOf(other)[0] === initial,
  );
  return options.length === 0 ? undefined : rng.pick(options);
}
