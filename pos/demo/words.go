package demo

// family is a kind of article with the words its names are made of. Variants are phrases
// that do not inflect ("z czosnkiem", "su kmynais"), so any article takes any variant.
type family struct {
	articles []string
	variants []string
	packs    []string // smallest first: a bigger pack costs more
	vat      int64    // basis points
	lo, hi   int      // whole złoty a piece (or a kilogram) costs; cheap ones are the most common
	weighed  bool     // may be sold per kilogram
}

var plBrands = []string{"Mazowsze", "Podlasie", "Kaszuby", "Żuławy", "Śląsk", "Podhale", "Warmia", "Kujawy",
	"Roztocze", "Bieszczady", "Łowicz", "Kurpie", "Pomorze", "Wielkopolska", "Małopolska", "Zagłębie",
	"Mazury", "Kociewie", "Spisz", "Sądecczyzna"}

var ltBrands = []string{"Žemaitija", "Dzūkija", "Aukštaitija", "Suvalkija", "Rokiškis", "Biržai", "Panevėžys",
	"Neringa", "Anykščiai", "Trakai", "Kėdainiai", "Šiauliai", "Marijampolė", "Utena", "Telšiai", "Plungė",
	"Alytus", "Druskininkai", "Ukmergė", "Švenčionys"}

var plFamilies = []family{
	{[]string{"Mleko", "Kefir", "Jogurt", "Maślanka", "Śmietana", "Twaróg", "Serek", "Masło", "Ser żółty"},
		[]string{"bez laktozy", "z truskawkami", "z wanilią", "ze szczypiorkiem", "bio", "light", "3,2%", "2%", "extra"},
		[]string{"200 g", "250 g", "400 g", "500 ml", "1 l"}, 500, 2, 25, false},
	{[]string{"Chleb", "Bułka", "Rogal", "Bagietka", "Chałka", "Drożdżówka", "Placek", "Pączek"},
		[]string{"z ziarnami", "na zakwasie", "z makiem", "z serem", "z różą", "z kruszonką", "ze śliwką", "z czarnuszką"},
		[]string{"1 szt.", "300 g", "500 g", "800 g"}, 500, 1, 18, false},
	{[]string{"Kiełbasa", "Szynka", "Polędwica", "Kabanosy", "Parówki", "Boczek", "Pasztet", "Salceson", "Schab", "Karkówka"},
		[]string{"z czosnkiem", "z pieprzem", "z jałowcem", "z indyka", "z kurczaka", "po śląsku", "po góralsku", "z ziołami"},
		[]string{"100 g", "150 g", "250 g", "400 g"}, 500, 3, 60, true},
	{[]string{"Jabłka", "Gruszki", "Pomidory", "Ogórki", "Ziemniaki", "Marchew", "Cebula", "Papryka", "Śliwki",
		"Truskawki", "Czereśnie", "Buraki", "Pieczarki"},
		[]string{"z Grójca", "z Sandomierza", "z Kaszub", "z Podlasia", "bio", "extra", "klasa I"},
		[]string{"tacka 250 g", "500 g", "1 kg", "2 kg"}, 500, 2, 25, true},
	{[]string{"Kasza gryczana", "Kasza jaglana", "Mąka pszenna", "Mąka żytnia", "Ryż", "Makaron", "Płatki owsiane",
		"Groch", "Fasola", "Cukier"},
		[]string{"bio", "premium", "z pełnego przemiału", "w torebkach", "ekstra"},
		[]string{"400 g", "500 g", "1 kg", "4 × 100 g"}, 500, 2, 20, false},
	{[]string{"Ogórki kiszone", "Kapusta kiszona", "Ćwikła", "Chrzan", "Dżem", "Powidła", "Miód", "Koncentrat pomidorowy", "Grzybki"},
		[]string{"z chrzanem", "po kaszubsku", "z koperkiem", "z czosnkiem", "bez cukru", "z Podkarpacia"},
		[]string{"200 g", "300 g", "500 g", "900 g"}, 500, 3, 40, false},
	{[]string{"Czekolada", "Cukierki", "Krówki", "Wafle", "Pierniki", "Ciastka", "Żelki", "Chałwa", "Ptasie mleczko"},
		[]string{"z orzechami", "z wiśnią", "z nadzieniem", "z marcepanem", "w czekoladzie", "z bakaliami"},
		[]string{"100 g", "200 g", "250 g", "1 kg"}, 800, 2, 40, true},
	{[]string{"Woda źródlana", "Sok", "Nektar", "Napój", "Oranżada", "Kwas chlebowy", "Herbata mrożona"},
		[]string{"z cytryną", "z miętą", "o smaku wiśni", "z aronią", "0% cukru", "z Beskidów"},
		[]string{"0,33 l", "0,5 l", "1 l", "1,5 l", "6 × 1,5 l"}, 800, 1, 30, false},
	{[]string{"Piwo jasne", "Piwo ciemne", "Piwo pszeniczne", "Porter", "Wódka", "Nalewka", "Miód pitny", "Cydr"},
		[]string{"z Beskidów", "z Kaszub", "z Podlasia", "z Mazur", "o smaku wiśni", "premium"},
		[]string{"0,33 l", "0,5 l", "0,7 l", "4 × 0,5 l"}, 2300, 3, 400, false},
	{[]string{"Płyn do naczyń", "Proszek do prania", "Papier toaletowy", "Ręczniki papierowe", "Mydło", "Szampon",
		"Pasta do zębów", "Worki na śmieci", "Gąbki", "Świeczka"},
		[]string{"o zapachu lawendy", "o zapachu cytryny", "dla dzieci", "sensitive", "z aloesem", "bez zapachu"},
		[]string{"mały", "duży", "XXL", "opak. ekonomiczne"}, 2300, 2, 80, false},
	{[]string{"Kawa mielona", "Kawa ziarnista", "Kawa rozpuszczalna", "Herbata czarna", "Herbata zielona", "Herbata owocowa", "Kakao"},
		[]string{"z Brazylii", "z Kolumbii", "z Etiopii", "z dziką różą", "z miętą", "z imbirem"},
		[]string{"20 torebek", "100 g", "250 g", "500 g", "1 kg"}, 2300, 4, 90, false},
}

var ltFamilies = []family{
	{[]string{"Pienas", "Kefyras", "Jogurtas", "Grietinė", "Varškė", "Sviestas", "Rūgpienis", "Varškės sūrelis", "Sūris"},
		[]string{"su vanile", "su braškėmis", "be laktozės", "su aguonomis", "su kmynais", "su mėlynėmis", "2,5%", "9%"},
		[]string{"180 g", "200 g", "400 g", "500 g", "1 l"}, 500, 2, 25, false},
	{[]string{"Duona", "Batonas", "Bandelė", "Pyragas", "Riestainiai", "Šakotis", "Tinginys", "Kibinas", "Spurga"},
		[]string{"su kmynais", "su saulėgrąžomis", "su aguonomis", "su varške", "su obuoliais", "su vištiena", "su razinomis"},
		[]string{"1 vnt.", "200 g", "500 g", "800 g"}, 500, 1, 50, false},
	{[]string{"Dešra", "Skilandis", "Dešrelės", "Kumpis", "Lašiniai", "Šoninė", "Paštetas", "Kindziukas"},
		[]string{"su česnaku", "su pipirais", "su kmynais", "su sūriu", "su čiobreliais"},
		[]string{"100 g", "200 g", "300 g", "500 g"}, 500, 3, 100, true},
	{[]string{"Obuoliai", "Kriaušės", "Pomidorai", "Agurkai", "Bulvės", "Morkos", "Svogūnai", "Burokėliai", "Kopūstai",
		"Braškės", "Vyšnios", "Pievagrybiai"},
		[]string{"iš ūkio", "I klasė", "ekstra", "bio"},
		[]string{"250 g", "500 g", "1 kg", "2 kg"}, 500, 2, 25, true},
	{[]string{"Grikiai", "Grikių kruopos", "Perlinės kruopos", "Avižiniai dribsniai", "Kvietiniai miltai", "Ruginiai miltai",
		"Ryžiai", "Makaronai", "Žirniai", "Pupelės"},
		[]string{"bio", "ekstra", "iš pilno grūdo", "greitai verdami"},
		[]string{"400 g", "500 g", "1 kg", "5 × 100 g"}, 500, 2, 20, false},
	{[]string{"Rauginti kopūstai", "Marinuoti agurkai", "Burokėliai", "Krienai", "Uogienė", "Medus", "Grybai", "Spanguolės"},
		[]string{"su krapais", "su česnaku", "su cukrumi", "be cukraus", "su čiobreliais"},
		[]string{"200 g", "300 g", "500 g", "680 g"}, 500, 2, 40, false},
	{[]string{"Šokoladas", "Saldainiai", "Zefyrai", "Vafliai", "Sausainiai", "Meduoliai", "Ledinukai"},
		[]string{"su riešutais", "su razinomis", "su įdaru", "su vyšniomis", "su karamele", "su migdolais"},
		[]string{"100 g", "200 g", "250 g", "1 kg"}, 800, 2, 40, true},
	{[]string{"Vanduo", "Gira", "Sultys", "Nektaras", "Gėrimas", "Beržų sula", "Limonadas"},
		[]string{"su citrina", "su mėtomis", "be cukraus", "su spanguolėmis", "su imbieru"},
		[]string{"0,33 l", "0,5 l", "1 l", "1,5 l", "2 l"}, 800, 1, 20, false},
	{[]string{"Alus šviesusis", "Alus tamsusis", "Alus kvietinis", "Sidras", "Midus", "Trauktinė", "Degtinė", "Starka"},
		[]string{"su medumi", "su spanguolėmis", "ekstra", "premium", "su čiobreliais"},
		[]string{"0,33 l", "0,5 l", "0,7 l", "6 × 0,5 l"}, 2300, 3, 400, false},
	{[]string{"Indų ploviklis", "Skalbimo milteliai", "Tualetinis popierius", "Popieriniai rankšluosčiai", "Muilas",
		"Šampūnas", "Dantų pasta", "Šiukšlių maišai", "Žvakė"},
		[]string{"su levandomis", "su citrina", "vaikams", "jautriai odai", "be kvapo", "su alijošiumi"},
		[]string{"1 vnt.", "3 vnt.", "didelė pakuotė", "ekonominė pakuotė"}, 2300, 2, 80, false},
	{[]string{"Malta kava", "Kavos pupelės", "Tirpi kava", "Juodoji arbata", "Žalioji arbata", "Vaisinė arbata", "Čiobrelių arbata", "Kakava"},
		[]string{"iš Brazilijos", "iš Kolumbijos", "iš Etiopijos", "su mėtomis", "su imbieru", "su erškėtuogėmis"},
		[]string{"20 pakelių", "100 g", "250 g", "500 g", "1 kg"}, 2300, 4, 90, false},
}
