// rvjit-test: qemu
// rvjit-cflags: -O2 -pthread
// iostreams: std::cout with manipulators (width, fill, precision, fixed/scientific, hex/oct,
// showbase, boolalpha, left/right), std::stringstream parsing of mixed input (ints, doubles,
// words, failure state on bad input), std::getline with a delimiter, std::ofstream writing a
// file in the current directory and std::ifstream reading it back (line by line, then binary
// with seekg/tellg), appending, and std::locale-independent number formatting.
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>
#include <cstdio>

int main() {
  std::cout << "width/fill: [" << std::setw(8) << std::setfill('*') << 42 << "] [" << std::left << std::setw(6) << "ab"
            << "]" << std::right << std::setfill(' ') << '\n';
  std::cout << "fixed: " << std::fixed << std::setprecision(3) << 3.14159265 << " scientific: " << std::scientific
            << 123456.789 << std::defaultfloat << " default: " << 0.1 + 0.2 << '\n';
  std::cout << std::setprecision(17) << "17 digits: " << 0.1 << std::setprecision(6) << '\n';
  std::cout << "hex: " << std::hex << std::showbase << 255 << " oct: " << std::oct << 64 << std::dec << std::noshowbase
            << " bool: " << std::boolalpha << true << ' ' << false << std::noboolalpha << '\n';
  std::cout << "negative hex of -1 as unsigned: " << std::hex << static_cast<unsigned>(-1) << std::dec << '\n';

  std::istringstream in("12 -7 3.5e2 word 0x1f 99 oops 5");
  int a, b;
  double d;
  std::string w;
  in >> a >> b >> d >> w;
  int h;
  in >> std::hex >> h >> std::dec;
  int n1, n2;
  in >> n1 >> n2;
  bool failed = in.fail();
  in.clear();
  std::string bad;
  in >> bad >> n2;
  std::cout << "parsed: " << a << ' ' << b << ' ' << d << ' ' << w << ' ' << h << ' ' << n1 << ", fail on 'oops': " << failed
            << ", then skipped '" << bad << "' and read " << n2 << '\n';

  std::istringstream csv("alpha,beta,,gamma");
  std::vector<std::string> fields;
  for (std::string f; std::getline(csv, f, ',');) fields.push_back(f);
  std::cout << "getline fields: " << fields.size();
  for (auto &f : fields) std::cout << " [" << f << "]";
  std::cout << '\n';

  std::ostringstream os;
  os << "pi=" << std::setprecision(4) << 3.14159 << ";n=" << 7;
  std::cout << "ostringstream: " << os.str() << '\n';

  {
    std::ofstream out("iostream-test.txt");
    for (int i = 1; i <= 5; i++) out << "line " << i << ": " << i * i << '\n';
  }
  {
    std::ofstream app("iostream-test.txt", std::ios::app);
    app << "appended\n";
  }
  std::ifstream file("iostream-test.txt");
  std::string line;
  int lines = 0;
  long squares = 0;
  while (std::getline(file, line)) {
    lines++;
    auto colon = line.find(':');
    if (colon != std::string::npos) squares += std::stol(line.substr(colon + 1));
    else std::cout << "last line: " << line << '\n';
  }
  std::cout << "read back " << lines << " lines, squares sum " << squares << '\n';

  std::ifstream bin("iostream-test.txt", std::ios::binary);
  bin.seekg(0, std::ios::end);
  std::streampos size = bin.tellg();
  bin.seekg(5);
  char c = 0;
  bin.get(c);
  std::cout << "file size " << size << ", byte at 5: '" << c << "'\n";
  std::cout << "remove: " << std::remove("iostream-test.txt") << ", exists after: " << std::ifstream("iostream-test.txt").good() << '\n';
  std::cerr << "to stderr (not compared)\n";
  return 0;
}
